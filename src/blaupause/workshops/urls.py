"""URLs of the workshops app: each view module lists its own patterns."""

from .views import board, outcome, setup

app_name = "workshops"

urlpatterns = [
    *setup.urlpatterns,
    *board.urlpatterns,
    *outcome.urlpatterns,
]
