"""Views of the events app: manage."""

urlpatterns: list = []
