"""Views of this part of the transfer app; `urlpatterns` is collected by `transfer/urls.py`."""

urlpatterns: list = []
