from django.urls import path

from . import views, views_trash

app_name = "core"

urlpatterns = [
    path("rechtliches/<slug:kind>/", views.legal_page, name="legal"),
    path("rechtliches/<slug:kind>/bearbeiten/", views.legal_page_edit, name="legal_edit"),
    path("verwaltung/papierkorb/", views_trash.trash_list, name="trash"),
    path(
        "verwaltung/papierkorb/<str:model_label>/<uuid:uuid>/zurueckholen/",
        views_trash.trash_restore,
        name="trash_restore",
    ),
]
