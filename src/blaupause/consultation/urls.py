"""URLs of the consultation app."""

app_name = "consultation"

urlpatterns: list = []
