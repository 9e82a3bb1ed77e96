from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommunen/", views.home, name="municipality_list"),
    path("netzwerke/", views.home, name="network_list"),
]
