"""Views of the events app: calendar."""

urlpatterns: list = []
