from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("offene-daten/", views.index, name="index"),
    path("offene-daten/katalog.jsonld", views.catalogue, name="catalogue"),
    path("offene-daten/<slug:key>.<slug:fmt>", views.download, name="download"),
]
