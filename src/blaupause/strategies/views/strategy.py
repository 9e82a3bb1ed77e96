"""Editing a strategy itself: create, texts and sources, status, publishing, history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.regions.models import Municipality, Network

from .. import selectors, services
from ..constants import StrategyStatus
from ..forms import (
    PublishForm,
    StatusForm,
    StrategyCreateForm,
    StrategyForm,
)
from ._common import (
    can_edit,
    crumbs,
    edit_view,
    editable_strategy,
    form_status,
    owner_choices,
    owner_from_choice,
    strategy_crumbs,
)

# --- the strategy itself -----------------------------------------------------------------------


def strategy_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    owners = owner_choices(request.user)
    if not owners:
        raise PermissionDenied(
            _(
                "Strategien legen die Koordination eines Netzwerks, die Digitalverantwortlichen "
                "einer Kommune und die Regionaladministration an."
            )
        )
    form = StrategyCreateForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        owner = owner_from_choice(form.cleaned_data["owner"])
        try:
            strategy = services.strategy_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                slogan=form.cleaned_data["slogan"],
                network=owner if isinstance(owner, Network) else None,
                municipality=owner if isinstance(owner, Municipality) else None,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Die Strategie wurde als Entwurf angelegt."))
            return redirect(strategy)
    return render(
        request,
        "strategies/form_page.html",
        {
            "form": form,
            "title": _("Neue Strategie"),
            "intro": _(
                "Eine Strategie beginnt als Entwurf, den nur Sie und die anderen Bearbeitenden "
                "sehen. Werte, Handlungsfelder, Ziele und Maßnahmen fügen Sie danach hinzu."
            ),
            "submit": _("Strategie anlegen"),
            "cancel": reverse("strategies:strategy_list"),
            "breadcrumbs": crumbs((_("Neue Strategie"), "")),
            "nav_active": "strategies",
        },
        status=form_status(form),
    )


@edit_view
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = editable_strategy(request, slug)
    may_set_blueprint = request.user.has_perm("strategies.manage_blueprint", strategy)
    form = StrategyForm(
        request.POST or None, strategy=strategy, may_set_blueprint=may_set_blueprint
    )
    context = {
        "title": _("Texte und Quellen bearbeiten"),
        "submit": _("Speichern"),
        "cancel": strategy.get_absolute_url(),
        "strategy": strategy,
        "breadcrumbs": strategy_crumbs(strategy, (_("Bearbeiten"), "")),
        "nav_active": "strategies",
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(
                actor=request.user,
                strategy=strategy,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                is_blueprint=form.cleaned_data.get("is_blueprint") if may_set_blueprint else None,
            )
        except EditConflict as conflict:
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="strategies/form_page.html",
                context=context,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Die Strategie wurde gespeichert."))
            return redirect(strategy)
    return render(
        request, "strategies/form_page.html", {**context, "form": form}, status=form_status(form)
    )


@edit_view
def strategy_status(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = editable_strategy(request, slug)
    allowed = services.allowed_statuses(strategy)
    form = StatusForm(request.POST or None, strategy=strategy, allowed=allowed)
    context = {
        "strategy": strategy,
        "title": _("Status ändern"),
        "show_decision": StrategyStatus.ADOPTED in allowed,
        "breadcrumbs": strategy_crumbs(strategy, (_("Status ändern"), "")),
        "nav_active": "strategies",
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = services.Decision(
            body=data["adopted_body"],
            on=data["adopted_on"],
            reference=data["adopted_reference"],
            note=data["adopted_note"],
        )
        try:
            services.strategy_status_change(
                actor=request.user,
                strategy=strategy,
                to_status=data["to_status"],
                note=data["note"],
                decision=decision,
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="strategies/status_form.html",
                context=context,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Der Status ist jetzt „%(status)s“.") % {"status": strategy.get_status_display()},
            )
            return redirect(strategy)
    return render(
        request,
        "strategies/status_form.html",
        {**context, "form": form},
        status=form_status(form),
    )


@edit_view
def strategy_publish(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = editable_strategy(request, slug)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.strategy_publish(
                actor=request.user, strategy=strategy, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request, _("Version %(n)d wurde veröffentlicht.") % {"n": version.number}
            )
            return redirect("strategies:version_detail", slug=slug, number=version.number)
    return render(
        request,
        "strategies/form_page.html",
        {
            "form": form,
            "strategy": strategy,
            "title": _("Neue Version veröffentlichen"),
            "intro": _(
                "Eine Version hält den jetzigen Stand der Strategie unveränderlich fest. "
                "Spätere Änderungen lassen sich mit ihr vergleichen."
            ),
            "submit": _("Veröffentlichen"),
            "cancel": strategy.get_absolute_url(),
            "breadcrumbs": strategy_crumbs(strategy, (_("Veröffentlichen"), "")),
            "nav_active": "strategies",
        },
        status=form_status(form),
    )


def strategy_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Lifecycle of the strategy; for editors also the deleted items, to restore them."""
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    editor = can_edit(request, strategy)
    history = selectors.strategy_history(strategy=strategy, with_deleted=editor)
    return render(
        request,
        "strategies/strategy_history.html",
        {
            "strategy": strategy,
            "status_changes": history.status_changes,
            "texts": history.texts,
            "deleted": history.deleted,
            "can_edit": editor,
            "breadcrumbs": strategy_crumbs(strategy, (_("Verlauf"), "")),
            "nav_active": "strategies",
        },
    )
