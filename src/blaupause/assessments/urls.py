from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("kommunen/<str:ags>/selbstcheck/", views.overview, name="overview"),
    path("kommunen/<str:ags>/selbstcheck/<int:year>/", views.assessment_form, name="form"),
    path("kommunen/<str:ags>/selbstcheck/<int:year>/ergebnis/", views.results, name="results"),
    path(
        "kommunen/<str:ags>/selbstcheck/<int:year>/wieder-oeffnen/",
        views.reopen,
        name="reopen",
    ),
    path("regionen/<slug:slug>/selbstcheck/", views.region_overview, name="region_overview"),
    path("netzwerke/<slug:slug>/selbstcheck/", views.network_overview, name="network_overview"),
]
