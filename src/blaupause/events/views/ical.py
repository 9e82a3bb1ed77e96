"""Views of the events app: ical."""

urlpatterns: list = []
