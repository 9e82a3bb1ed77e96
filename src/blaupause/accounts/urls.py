from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("mein-bereich/", views.dashboard, name="dashboard"),
    path("mein-bereich/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "mein-bereich/api-tokens/<uuid:uuid>/widerrufen/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("kommunen/<str:ags>/team/", views.municipality_team, name="municipality_team"),
    path("netzwerke/<slug:slug>/team/", views.network_team, name="network_team"),
    path("verwaltung/regionen/<slug:slug>/team/", views.region_team, name="region_team"),
    path("team/rollen/<uuid:uuid>/entfernen/", views.membership_remove, name="membership_remove"),
    path(
        "team/einladungen/<uuid:uuid>/zuruecknehmen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("einladung/<str:secret>/", views.invitation_accept, name="invitation_accept"),
    path("verwaltung/protokoll/", views.audit_log, name="audit_log"),
]
