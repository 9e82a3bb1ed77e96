from django.urls import path

from . import views, views_privacy

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
    path("mein-bereich/meine-daten/", views_privacy.my_data, name="my_data"),
    path("mein-bereich/konto-loeschen/", views_privacy.erase_own_account, name="erase_account"),
    path("verwaltung/datenschutz/", views_privacy.admin_privacy, name="admin_privacy"),
    path("verwaltung/datenschutz/<int:pk>/daten/", views_privacy.admin_export, name="admin_export"),
    path(
        "verwaltung/datenschutz/<int:pk>/loeschen/", views_privacy.admin_erase, name="admin_erase"
    ),
]
