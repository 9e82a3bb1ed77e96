from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path(
        "kommunen/<str:ags>/fortschritt/",
        views.municipality_dashboard,
        name="municipality_dashboard",
    ),
    path("kommunen/<str:ags>/massnahmen/", views.bulk_edit, name="bulk_edit"),
    path(
        "kommunen/<str:ags>/massnahmen/<uuid:measure_uuid>/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "kommunen/<str:ags>/massnahmen/<uuid:measure_uuid>/zeile/",
        views.bulk_row,
        name="bulk_row",
    ),
    path(
        "kommunen/<str:ags>/massnahmen/<uuid:measure_uuid>/entfernen/",
        views.commitment_delete,
        name="commitment_delete",
    ),
    path("nachweise/<uuid:evidence_uuid>/", views.evidence_download, name="evidence_download"),
    path(
        "nachweise/<uuid:evidence_uuid>/entfernen/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("netzwerke/<slug:slug>/fortschritt/", views.network_dashboard, name="network_dashboard"),
]
