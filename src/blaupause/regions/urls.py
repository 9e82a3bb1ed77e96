from django.urls import path

from . import views, views_governance

app_name = "regions"

urlpatterns = [
    path("", views.home, name="home"),
    path("regionen/<slug:slug>/", views.region_detail, name="region_detail"),
    path("kreise/<slug:slug>/", views.district_detail, name="district_detail"),
    path("kommunen/", views.municipality_list, name="municipality_list"),
    path("kommunen/<str:ags>/", views.municipality_detail, name="municipality_detail"),
    path("kommunen/<str:ags>/bearbeiten/", views.municipality_edit, name="municipality_edit"),
    path("netzwerke/", views.network_list, name="network_list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network_detail"),
    path("netzwerke/<slug:slug>/bearbeiten/", views.network_edit, name="network_edit"),
    *views_governance.urlpatterns,
]
