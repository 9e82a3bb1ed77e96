"""Views of the events app: minutes."""

urlpatterns: list = []
