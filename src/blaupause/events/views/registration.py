"""Views of the events app: registration."""

urlpatterns: list = []
