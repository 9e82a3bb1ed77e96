"""Adopting a blueprint, the page of local adaptations and the review of upstream changes.

`urlpatterns` is collected by `transfer/urls.py` (namespace `transfer`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict
from blaupause.regions.selectors import network_get
from blaupause.strategies.forms._base import KernStyled
from blaupause.strategies.selectors import strategy_get

from .. import selectors, services


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Start"), reverse("regions:home")), *items]


def _strategy_crumbs(strategy, label: str) -> list[tuple[str, str]]:
    return _crumbs(
        (_("Strategien"), reverse("strategies:strategy_list")),
        (strategy.title, strategy.get_absolute_url()),
        (label, ""),
    )


class AdoptForm(KernStyled, forms.Form):
    version = forms.ChoiceField(label=gettext_lazy("Blaupause und Version"))
    title = forms.CharField(
        label=gettext_lazy("Titel der neuen Strategie"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Leer lassen: der Titel der Blaupause."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Ich möchte eine vollständige Kopie als Entwurf für dieses Netzwerk anlegen."
        ),
        error_messages={"required": gettext_lazy("Bitte bestätigen Sie die Übernahme.")},
    )

    def __init__(self, *args, versions, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.uuid): v for v in versions if v.strategy.network_id != network.pk}
        self.fields["version"].choices = [
            (
                key,
                _("%(title)s – Version %(n)d vom %(date)s")
                % {
                    "title": v.strategy.title,
                    "n": v.number,
                    "date": formats.date_format(v.published_at, "DATE_FORMAT"),
                },
            )
            for key, v in self.versions.items()
        ]

    def clean_version(self):
        return self.versions[self.cleaned_data["version"]]


def adopt(request: HttpRequest, slug: str) -> HttpResponse:
    """Copy a published blueprint version into a new draft of the network; coordination and
    regional admins only."""
    network = network_get(slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("transfer.adopt_blueprint", network):
        raise PermissionDenied(services.ADOPT_DENIED)
    form = AdoptForm(
        request.POST or None, versions=list(selectors.adoptable_versions()), network=network
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.blueprint_adopt(
                actor=request.user,
                network=network,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Die Blaupause wurde als Entwurf „%(title)s“ übernommen. Passen Sie sie an "
                    "und begründen Sie jede Abweichung."
                )
                % {"title": strategy.title},
            )
            return redirect(strategy.get_absolute_url())
    label = _("Blaupause übernehmen")
    return render(
        request,
        "transfer/adopt.html",
        {
            "form": form,
            "network": network,
            "title": label,
            "breadcrumbs": _crumbs(
                (_("Netzwerke"), reverse("regions:network_list")),
                (network.name, network.get_absolute_url()),
                (label, ""),
            ),
            "nav_active": "networks",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """What the adopter changed against the blueprint, with the reasons; everyone who may see
    the strategy."""
    strategy = strategy_get(slug=slug, viewer=request.user)
    adoption = selectors.adoption_get(strategy)
    label = _("Was wir geändert haben")
    return render(
        request,
        "transfer/changes.html",
        {
            "strategy": strategy,
            "adoption": adoption,
            "rows": selectors.adoption_changes(adoption),
            "title": label,
            "breadcrumbs": _strategy_crumbs(strategy, label),
            "nav_active": "strategies",
        },
    )


def _editable(request: HttpRequest, slug: str):
    strategy = strategy_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("strategies.change_strategy", strategy):
        raise PermissionDenied(services.strategy_services.CHANGE_DENIED)
    return strategy


def sync(request: HttpRequest, slug: str) -> HttpResponse:
    """The upstream changes of the newest blueprint version, to accept or ignore one by one;
    editors of the adopted strategy only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    strategy = _editable(request, slug)
    adoption = selectors.adoption_get(strategy)
    label = _("Änderungen der Blaupause prüfen")
    context = {
        "strategy": strategy,
        "adoption": adoption,
        "title": label,
        "breadcrumbs": _strategy_crumbs(strategy, label),
        "nav_active": "strategies",
    }
    status = 200
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            services.upstream_decide(
                actor=request.user,
                adoption=adoption,
                source_uuid=request.POST.get("source", ""),
                decision=request.POST.get("decision", ""),
                choices={
                    key.removeprefix("choice-"): value
                    for key, value in request.POST.items()
                    if key.startswith("choice-")
                },
                expected_version=int(version) if version.isdigit() else None,
            )
        except EditConflict:
            context["conflict"] = True
            status = 409
        except ValidationError as error:
            context["errors"] = error.messages
            context["error_source"] = request.POST.get("source", "")
            status = 400
        else:
            messages.success(request, _("Ihre Entscheidung wurde gespeichert."))
            return redirect("transfer:sync", slug=strategy.slug)
    context["page"] = selectors.adoption_sync(adoption)
    return render(request, "transfer/sync.html", context, status=status)


@require_POST
def sync_done(request: HttpRequest, slug: str) -> HttpResponse:
    """Mark the newest blueprint version as reviewed when nothing is left to decide."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    strategy = _editable(request, slug)
    adoption = selectors.adoption_get(strategy)
    try:
        services.adoption_mark_synced(actor=request.user, adoption=adoption)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("transfer:sync", slug=strategy.slug)
    messages.success(request, _("Die Strategie ist mit der Blaupause abgeglichen."))
    return redirect(strategy.get_absolute_url())


urlpatterns: list = [
    path("netzwerke/<slug:slug>/blaupause-uebernehmen/", adopt, name="adopt"),
    path("strategien/<slug:slug>/anpassungen/", changes, name="changes"),
    path("strategien/<slug:slug>/abgleich/", sync, name="sync"),
    path("strategien/<slug:slug>/abgleich/abschliessen/", sync_done, name="sync_done"),
]
