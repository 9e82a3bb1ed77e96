"""Views of the workshops app: outcome."""

urlpatterns: list = []
