from django.urls import path, register_converter

from . import views
from .items import ItemKindConverter

app_name = "strategies"

register_converter(ItemKindConverter, "kind")

urlpatterns = [
    path("strategien/", views.strategy_list, name="strategy_list"),
    path("strategien/neu/", views.strategy_create, name="strategy_create"),
    path("strategien/<slug:slug>/", views.strategy_detail, name="strategy_detail"),
    path("strategien/<slug:slug>/bearbeiten/", views.strategy_edit, name="strategy_edit"),
    path("strategien/<slug:slug>/status/", views.strategy_status, name="strategy_status"),
    path(
        "strategien/<slug:slug>/veroeffentlichen/",
        views.strategy_publish,
        name="strategy_publish",
    ),
    path("strategien/<slug:slug>/verlauf/", views.strategy_history, name="strategy_history"),
    path("strategien/<slug:slug>/versionen/", views.version_list, name="version_list"),
    path(
        "strategien/<slug:slug>/versionen/vergleich/",
        views.version_compare,
        name="version_compare",
    ),
    path(
        "strategien/<slug:slug>/versionen/<int:number>/",
        views.version_detail,
        name="version_detail",
    ),
    # Items: adding comes before the measure page, so that "neu" is never read as a key.
    path("strategien/<slug:slug>/<kind:kind>/neu/", views.item_add, name="item_add"),
    path(
        "strategien/<slug:slug>/massnahmen/<str:key>/",
        views.measure_detail,
        name="measure_detail",
    ),
    path(
        "strategien/<slug:slug>/<kind:kind>/<uuid:uuid>/bearbeiten/",
        views.item_edit,
        name="item_edit",
    ),
    path(
        "strategien/<slug:slug>/<kind:kind>/<uuid:uuid>/loeschen/",
        views.item_delete,
        name="item_delete",
    ),
    path(
        "strategien/<slug:slug>/<kind:kind>/<uuid:uuid>/wiederherstellen/",
        views.item_restore,
        name="item_restore",
    ),
    path(
        "strategien/<slug:slug>/<kind:kind>/<uuid:uuid>/verlauf/",
        views.item_history,
        name="item_history",
    ),
    path(
        "strategien/<slug:slug>/<kind:kind>/<uuid:uuid>/verlauf/<int:history_id>/wiederherstellen/",
        views.item_history_restore,
        name="item_history_restore",
    ),
]
