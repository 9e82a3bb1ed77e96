"""Views of the workshops app: setup."""

urlpatterns: list = []
