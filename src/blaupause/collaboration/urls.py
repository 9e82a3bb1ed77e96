"""URLs of the collaboration app: each view module lists its own patterns."""

from .views import procurement, projects, synergy

app_name = "collaboration"

urlpatterns = [
    *projects.urlpatterns,
    *procurement.urlpatterns,
    *synergy.urlpatterns,
]
