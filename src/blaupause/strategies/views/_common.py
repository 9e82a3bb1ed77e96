"""Helpers shared by the strategy pages: breadcrumbs, permission checks, status codes."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.regions.models import Municipality, Network

from .. import selectors, services
from ..models import Strategy


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Strategien"), reverse("strategies:strategy_list")),
        *items,
    ]


def strategy_crumbs(strategy: Strategy, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs((strategy.title, strategy.get_absolute_url()), *items)


def form_status(form) -> int:
    """400 for a submitted form with errors (the page shows them), else 200."""
    return 400 if form.is_bound and form.errors else 200


def can_edit(request: HttpRequest, strategy: Strategy) -> bool:
    return request.user.has_perm("strategies.change_strategy", strategy)


class LoginRequired(Exception):
    pass


def editable_strategy(request: HttpRequest, slug: str) -> Strategy:
    """The strategy, when the user may change it: else login (anonymous) or a German 403."""
    strategy = selectors.strategy_get(slug=slug)
    if not request.user.is_authenticated:
        raise LoginRequired
    if not can_edit(request, strategy):
        raise PermissionDenied(services.CHANGE_DENIED)
    return strategy


def edit_view(view):
    """Send anonymous visitors of an edit page to the login first."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def owner_choices(user) -> list[tuple[str, str]]:
    """Networks and municipalities the user may start a strategy for."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = user.roles
    networks = Network.objects.filter(pk__in=roles.coordinated_network_ids)
    municipalities = Municipality.objects.filter(pk__in=roles.cdo_municipality_ids)
    if user.is_superuser:
        networks, municipalities = Network.objects.all(), Municipality.objects.none()
    elif roles.regional_admin_region_ids:
        networks = Network.objects.filter(region_id__in=roles.regional_admin_region_ids) | networks
    choices = [
        (f"network:{network.pk}", _("Netzwerk: %(name)s") % {"name": network.name})
        for network in networks.order_by("name").distinct()
    ]
    choices += [
        (f"municipality:{m.pk}", _("Kommune: %(name)s") % {"name": m.name})
        for m in municipalities.order_by("name")
    ]
    return choices


def owner_from_choice(value: str):
    kind, _sep, pk = value.partition(":")
    model = {"network": Network, "municipality": Municipality}.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()
