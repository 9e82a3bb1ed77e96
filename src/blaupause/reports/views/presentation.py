"""Views of this part of the reports app; `urlpatterns` is collected by `reports/urls.py`."""

urlpatterns: list = []
