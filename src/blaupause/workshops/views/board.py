"""Views of the workshops app: board."""

urlpatterns: list = []
