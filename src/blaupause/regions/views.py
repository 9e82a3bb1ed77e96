"""Public pages of the region registry and the edit pages for profiles and networks."""

import copy

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.core.concurrency import versioned_edit

from . import selectors, services
from .forms import MunicipalityFilterForm, MunicipalityProfileForm, NetworkForm
from .models import District, Region

PAGE_SIZE = 50


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Start"), reverse("regions:home")), *items]


def _region_crumb(region: Region | None) -> list[tuple[str, str]]:
    return [(str(region), region.get_absolute_url())] if region else []


def _district_crumb(district: District) -> list[tuple[str, str]]:
    return [*_region_crumb(district.region), (district.name, district.get_absolute_url())]


# --- regions and districts ---------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Start page: what Blaupause is and the overview of the default region."""
    region = selectors.region_default()
    context = {"nav_active": "home", "is_home": True}
    if region is not None:
        context["overview"] = selectors.region_overview(region=region)
    return render(request, "regions/region_detail.html", context)


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = selectors.region_get(slug=slug)
    return render(
        request,
        "regions/region_detail.html",
        {
            "overview": selectors.region_overview(region=region),
            "breadcrumbs": _crumbs((str(region), "")),
            "nav_active": "home",
        },
    )


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.district_page(slug=slug)
    return render(
        request,
        "regions/district_detail.html",
        {
            "page": page,
            "district": page.district,
            "breadcrumbs": _crumbs(*_region_crumb(page.district.region), (page.district.name, "")),
            "nav_active": "municipalities",
        },
    )


# --- municipalities ----------------------------------------------------------------------------


def municipality_list(request: HttpRequest) -> HttpResponse:
    """Search and filter all municipalities; every filter is part of the URL."""
    form = MunicipalityFilterForm(
        request.GET if request.GET else None, districts=selectors.district_choices()
    )
    filters = form.filters()
    paginator = Paginator(selectors.municipality_search(**filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    page.object_list = selectors.municipality_rows(page.object_list)
    return render(
        request,
        "regions/municipality_list.html",
        {
            "form": form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "filtered": any(filters.values()),
            "breadcrumbs": _crumbs((_("Kommunen"), "")),
            "nav_active": "municipalities",
        },
    )


def municipality_detail(request: HttpRequest, ags: str) -> HttpResponse:
    page = selectors.municipality_page(ags=ags)
    municipality = page.municipality
    return render(
        request,
        "regions/municipality_detail.html",
        {
            "page": page,
            "municipality": municipality,
            "can_edit": request.user.has_perm("regions.change_municipality", municipality),
            "can_manage_team": request.user.has_perm(
                "accounts.manage_municipality_team", municipality
            ),
            "perms_selfcheck": request.user.has_perm("assessments.view_assessment", municipality),
            "breadcrumbs": _crumbs(
                *_district_crumb(municipality.district), (municipality.name, "")
            ),
            "nav_active": "municipalities",
        },
    )


def municipality_edit(request: HttpRequest, ags: str) -> HttpResponse:
    """Profile of a municipality: its CDOs and regional admins; others get a clear 403."""
    municipality = selectors.municipality_get(ags=ags)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("regions.change_municipality", municipality):
        raise PermissionDenied(services.MUNICIPALITY_DENIED)
    # The form works on a copy: the service compares against the unchanged object.
    form = MunicipalityProfileForm(request.POST or None, instance=copy.copy(municipality))
    context = {
        "municipality": municipality,
        "breadcrumbs": _crumbs(
            *_district_crumb(municipality.district),
            (municipality.name, municipality.get_absolute_url()),
            (_("Bearbeiten"), ""),
        ),
        "nav_active": "municipalities",
    }
    return versioned_edit(
        request,
        form=form,
        save=lambda data: services.municipality_profile_update(
            actor=request.user,
            municipality=municipality,
            website=data["website"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            description=data["description"],
            expected_version=data["version"],
        ),
        template="regions/municipality_form.html",
        context=context,
        success_message=_("Das Profil von %(name)s wurde gespeichert.")
        % {"name": municipality.name},
        success_url=municipality.get_absolute_url(),
    )


# --- networks ----------------------------------------------------------------------------------


def network_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regions/network_list.html",
        {
            "networks": selectors.network_list(),
            "breadcrumbs": _crumbs((_("Netzwerke"), "")),
            "nav_active": "networks",
        },
    )


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.network_page(slug=slug)
    return render(
        request,
        "regions/network_detail.html",
        {
            "page": page,
            "network": page.network,
            "can_edit": request.user.has_perm("regions.change_network", page.network),
            "can_manage_team": request.user.has_perm("accounts.manage_network_team", page.network),
            "breadcrumbs": _crumbs(
                (_("Netzwerke"), reverse("regions:network_list")), (page.network.name, "")
            ),
            "nav_active": "networks",
        },
    )


def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Texts and members of a network: its coordination and regional admins only."""
    network = selectors.network_get(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("regions.change_network", network):
        raise PermissionDenied(services.NETWORK_DENIED)
    form = NetworkForm(
        request.POST or None,
        instance=copy.copy(network),
        member_choices=selectors.network_member_choices(network=network),
    )
    context = {
        "network": network,
        "breadcrumbs": _crumbs(
            (_("Netzwerke"), reverse("regions:network_list")),
            (network.name, network.get_absolute_url()),
            (_("Bearbeiten"), ""),
        ),
        "nav_active": "networks",
    }
    return versioned_edit(
        request,
        form=form,
        save=lambda data: services.network_update(
            actor=request.user,
            network=network,
            description=data["description"],
            history_text=data["history_text"],
            coordinating_body=data["coordinating_body"],
            members=data["members"],
            expected_version=data["version"],
        ),
        template="regions/network_form.html",
        context=context,
        success_message=_("Das Netzwerk wurde gespeichert."),
        success_url=network.get_absolute_url(),
    )


__all__ = [
    "district_detail",
    "home",
    "municipality_detail",
    "municipality_edit",
    "municipality_list",
    "network_detail",
    "network_edit",
    "network_list",
    "region_detail",
]
