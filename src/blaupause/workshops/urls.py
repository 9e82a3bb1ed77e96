"""URLs of the workshops app."""

app_name = "workshops"

urlpatterns: list = []
