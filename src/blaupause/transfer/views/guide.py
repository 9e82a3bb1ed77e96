"""The strategy process guide: the eight steps of a network, of a municipality with its own
strategy, and the regional overview of all networks. `urlpatterns` is collected by
`transfer/urls.py`.

Thin: load the owner (404 when unknown), send anonymous visitors to the login, check the
permission of `transfer/rules_guide.py` (a German 403 otherwise), call one selector, render.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.regions import selectors as region_selectors

from .. import (
    rules_guide,  # noqa: F401  (registers the permissions used below)
    selectors_guide,
)
from ..guide import STATE_LABELS, STATE_SYMBOLS, STEP_KEYS, STEP_TITLES

NETWORK_DENIED = gettext_lazy(
    "Den Strategieprozess eines Netzwerks sehen seine Koordination, die Mitglieder seiner "
    "Kommunen und die Regionaladministration."
)
MUNICIPALITY_DENIED = gettext_lazy(
    "Den Strategieprozess einer Kommune sehen ihre Mitglieder und die Regionaladministration."
)
REGION_DENIED = gettext_lazy(
    "Die Übersicht der Strategieprozesse sieht nur die Regionaladministration der Region."
)


def _start() -> tuple[str, str]:
    return (_("Start"), reverse("regions:home"))


def _legend() -> list[tuple[str, str]]:
    return [(STATE_SYMBOLS[state], str(label)) for state, label in STATE_LABELS.items()]


def network_guide(request: HttpRequest, slug: str) -> HttpResponse:
    """The eight steps of a network's strategy process, with what is missing and the tools."""
    network = region_selectors.network_get(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("transfer.view_network_guide", network):
        raise PermissionDenied(NETWORK_DENIED)
    guide = selectors_guide.network_guide(network=network, viewer=request.user)
    return render(
        request,
        "transfer/guide.html",
        {
            "guide": guide,
            "owner": network,
            "title": _("Strategieprozess: %(name)s") % {"name": str(network)},
            "legend": _legend(),
            "breadcrumbs": [
                _start(),
                (_("Netzwerke"), reverse("regions:network_list")),
                (network.name, network.get_absolute_url()),
                (_("Strategieprozess"), ""),
            ],
            "nav_active": "networks",
        },
    )


def municipality_guide(request: HttpRequest, ags: str) -> HttpResponse:
    """The eight steps for a municipality that develops its own strategy."""
    municipality = region_selectors.municipality_get(ags=ags)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("transfer.view_municipality_guide", municipality):
        raise PermissionDenied(MUNICIPALITY_DENIED)
    guide = selectors_guide.municipality_guide(municipality=municipality, viewer=request.user)
    district = municipality.district
    trail = [_start()]
    if district.region_id:
        trail.append((str(district.region), district.region.get_absolute_url()))
    trail += [
        (district.name, district.get_absolute_url()),
        (municipality.name, municipality.get_absolute_url()),
        (_("Strategieprozess"), ""),
    ]
    return render(
        request,
        "transfer/guide.html",
        {
            "guide": guide,
            "owner": municipality,
            "title": _("Strategieprozess: %(name)s") % {"name": municipality.name},
            "legend": _legend(),
            "breadcrumbs": trail,
            "nav_active": "municipalities",
        },
    )


def region_guide(request: HttpRequest, slug: str) -> HttpResponse:
    """Where each network of the region stands: a table of networks and steps."""
    region = region_selectors.region_get(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("transfer.view_region_guide", region):
        raise PermissionDenied(REGION_DENIED)
    overview = selectors_guide.region_guide(region=region)
    return render(
        request,
        "transfer/guide_region.html",
        {
            "overview": overview,
            "region": region,
            "step_titles": [(key, STEP_TITLES[key]) for key in STEP_KEYS],
            "legend": _legend(),
            "breadcrumbs": [
                _start(),
                (str(region), region.get_absolute_url()),
                (_("Strategieprozesse"), ""),
            ],
            "nav_active": "home",
        },
    )


urlpatterns = [
    path("netzwerke/<slug:slug>/strategieprozess/", network_guide, name="network_guide"),
    path("kommunen/<str:ags>/strategieprozess/", municipality_guide, name="municipality_guide"),
    path("regionen/<slug:slug>/strategieprozesse/", region_guide, name="region_guide"),
]
