"""URLs of the transfer app: each view module lists its own patterns."""

from .views import adoption, analysis, exchange, guide

app_name = "transfer"

urlpatterns = [
    *adoption.urlpatterns,
    *analysis.urlpatterns,
    *exchange.urlpatterns,
    *guide.urlpatterns,
]
