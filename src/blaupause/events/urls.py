"""URLs of the events app: each view module lists its own patterns."""

from .views import calendar, ical, manage, minutes, registration

app_name = "events"

urlpatterns = [
    *calendar.urlpatterns,
    *manage.urlpatterns,
    *registration.urlpatterns,
    *ical.urlpatterns,
    *minutes.urlpatterns,
]
