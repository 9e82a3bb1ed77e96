"""URLs of the reports app: each view module lists its own patterns."""

from .views import documents, presentation

app_name = "reports"

urlpatterns = [*documents.urlpatterns, *presentation.urlpatterns]
