"""Views of the workshops app: list and create workshops, settings, participants, joining by an
external one-time invitation link."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.concurrency import versioned_edit
from blaupause.events.selectors.calendar import visible_events
from blaupause.strategies.selectors import strategy_get

from .. import selectors, services
from ..forms import InviteAccountsForm, InviteExternalForm, WorkshopForm, WorkshopSettingsForm
from ..participation import participant_for, refusals_roll_back, refused, remember_external
from ..services.setup import invitable_memberships

FORM_TEMPLATE = "workshops/workshop_form.html"


# --- helpers -----------------------------------------------------------------------------------


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the field, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _visible_strategy(request: HttpRequest, slug: str):
    """The strategy, 404 when the viewer may not see it (drafts are not revealed)."""
    strategy = strategy_get(slug=slug)
    if not request.user.has_perm("strategies.view_strategy", strategy):
        raise Http404(_("Diese Strategie gibt es nicht."))
    return strategy


def strategy_crumbs(strategy, *items) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Strategien"), reverse("strategies:strategy_list")),
        (strategy.title, strategy.get_absolute_url()),
        *items,
    ]


def workshop_crumbs(workshop, *items) -> list[tuple[str, str]]:
    return strategy_crumbs(
        workshop.strategy,
        (
            _("Workshops"),
            reverse("workshops:workshop_list", kwargs={"slug": workshop.strategy.slug}),
        ),
        (workshop.title, workshop.get_absolute_url() if items else ""),
        *items,
    )


def _events(request):
    since = timezone.now() - datetime.timedelta(days=30)
    return visible_events(request.user).filter(starts_at__gte=since).order_by("starts_at")


def _facilitator_access(request: HttpRequest, uuid) -> selectors.WorkshopAccess:
    access = selectors.workshop_access(request=request, uuid=uuid)
    if not access.is_facilitator:
        raise PermissionDenied(services.board.NOT_FACILITATOR)
    return access


# --- list and create ---------------------------------------------------------------------------


@login_required
def workshop_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The workshops of a strategy the person takes part in (facilitators see all)."""
    strategy = _visible_strategy(request, slug)
    workshops = selectors.workshop_list_for_strategy(strategy=strategy, viewer=request.user)
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "strategy": strategy,
            "workshops": workshops,
            "can_add": request.user.has_perm("workshops.add_workshop", strategy),
            "breadcrumbs": strategy_crumbs(strategy, (_("Workshops"), "")),
            "nav_active": "strategies",
        },
    )


@login_required
def workshop_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a workshop: title, question, focus, dots, date and event."""
    strategy = _visible_strategy(request, slug)
    if not request.user.has_perm("workshops.add_workshop", strategy):
        raise PermissionDenied(services.setup.ADD_DENIED)
    form = WorkshopForm(request.POST or None, events=_events(request))
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                actor=request.user, strategy=strategy, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Der Workshop ist angelegt. Laden Sie jetzt die Teilnehmenden ein."),
            )
            return redirect("workshops:participants", uuid=workshop.uuid)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "strategy": strategy,
            "heading": _("Neuer Workshop"),
            "intro": _("Zur Strategie „%(title)s“.") % {"title": strategy.title},
            "submit_label": _("Workshop anlegen"),
            "cancel_url": reverse("workshops:workshop_list", kwargs={"slug": strategy.slug}),
            "breadcrumbs": strategy_crumbs(
                strategy,
                (_("Workshops"), reverse("workshops:workshop_list", kwargs={"slug": slug})),
                (_("Neuer Workshop"), ""),
            ),
            "nav_active": "strategies",
        },
    )


@refusals_roll_back
def workshop_settings(request: HttpRequest, uuid) -> HttpResponse:
    """Change a workshop's settings (versioned: a concurrent change is shown, not lost)."""
    access = _facilitator_access(request, uuid)
    workshop = access.workshop
    initial = {
        "title": workshop.title,
        "question": workshop.question,
        "focus": workshop.focus,
        "dots_per_person": workshop.dots_per_person,
        "scheduled_at": workshop.scheduled_at,
        "event": workshop.event_id,
        "allow_anonymous": workshop.allow_anonymous,
        "version": workshop.version,
    }
    form = WorkshopSettingsForm(request.POST or None, initial=initial, events=_events(request))

    def save(cleaned):
        values = {name: value for name, value in cleaned.items() if name != "version"}
        try:
            services.workshop_update(
                actor=request.user,
                workshop=workshop,
                expected_version=cleaned["version"],
                **values,
            )
        except ValidationError as error:
            apply_errors(form, error)
            raise _Invalid from error

    context = {
        "workshop": workshop,
        "heading": _("Einstellungen"),
        "intro": workshop.title,
        "submit_label": _("Speichern"),
        "cancel_url": workshop.get_absolute_url(),
        "breadcrumbs": workshop_crumbs(workshop, (_("Einstellungen"), "")),
        "nav_active": "strategies",
    }
    try:
        response = versioned_edit(
            request,
            form=form,
            save=save,
            template=FORM_TEMPLATE,
            context=context,
            success_message=_("Die Einstellungen sind gespeichert."),
            success_url=workshop.get_absolute_url(),
        )
    except _Invalid:
        return render(request, FORM_TEMPLATE, {**context, "form": form}, status=400)
    if request.method == "POST" and response.status_code == 200:
        response.status_code = 400  # the form came back with field errors
    return response


class _Invalid(Exception):
    """The service refused the input; the form carries the messages."""


# --- participants ------------------------------------------------------------------------------


@refusals_roll_back
def participants(request: HttpRequest, uuid) -> HttpResponse:
    """Who takes part; invite accounts or external people; remove someone (facilitators)."""
    access = _facilitator_access(request, uuid)
    workshop = access.workshop
    memberships = list(invitable_memberships(workshop.strategy))
    accounts_form = InviteAccountsForm(memberships=memberships)
    external_form = InviteExternalForm()
    new_link = ""
    new_name = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "accounts":
            accounts_form = InviteAccountsForm(request.POST, memberships=memberships)
            if accounts_form.is_valid():
                user_ids = {int(pk) for pk in accounts_form.cleaned_data["users"]}
                municipality_ids = {int(pk) for pk in accounts_form.cleaned_data["municipalities"]}
                users = {m.user_id: m.user for m in memberships if m.user_id in user_ids}
                places = {
                    m.municipality_id: m.municipality
                    for m in memberships
                    if m.municipality_id in municipality_ids
                }
                try:
                    added = services.participants_invite_accounts(
                        actor=request.user,
                        workshop=workshop,
                        users=users.values(),
                        municipalities=places.values(),
                    )
                except ValidationError as error:
                    apply_errors(accounts_form, error)
                else:
                    if added:
                        messages.success(
                            request,
                            _("%(count)s Personen eingeladen.") % {"count": len(added)},
                        )
                    else:
                        messages.info(request, _("Alle Ausgewählten nehmen bereits teil."))
                    return redirect("workshops:participants", uuid=workshop.uuid)
            status = 400
        elif action == "external":
            external_form = InviteExternalForm(request.POST)
            if external_form.is_valid():
                try:
                    participant, secret = services.participant_invite_external(
                        actor=request.user,
                        workshop=workshop,
                        display_name=external_form.cleaned_data["display_name"],
                    )
                except ValidationError as error:
                    apply_errors(external_form, error)
                    status = 400
                else:
                    # Shown exactly once: only the hash is stored.
                    new_link = request.build_absolute_uri(
                        reverse("workshops:join", kwargs={"secret": secret})
                    )
                    new_name = participant.display_name
                    external_form = InviteExternalForm()
            else:
                status = 400
        elif action == "remove":
            target = next(
                (
                    p
                    for p in selectors.participant_list(workshop=workshop)
                    if str(p.uuid) == request.POST.get("participant", "")
                ),
                None,
            )
            if target is None:
                raise Http404(_("Diese Person nimmt an diesem Workshop nicht teil."))
            try:
                services.participant_remove(actor=request.user, participant=target)
            except ValidationError as error:
                refused(request)
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(name)s nimmt nicht mehr teil.") % {"name": target.display_name},
                )
            return redirect("workshops:participants", uuid=workshop.uuid)
        else:
            return HttpResponse(_("Unbekannte Aktion."), status=400)
    return render(
        request,
        "workshops/participants.html",
        {
            "workshop": workshop,
            "participants": selectors.participant_list(workshop=workshop),
            "accounts_form": accounts_form,
            "external_form": external_form,
            "new_link": new_link,
            "new_name": new_name,
            "breadcrumbs": workshop_crumbs(workshop, (_("Teilnehmende"), "")),
            "nav_active": "strategies",
        },
        status=status,
    )


# --- joining by invitation link ------------------------------------------------------------------


def join(request: HttpRequest, secret: str) -> HttpResponse:
    """Redeem an external invitation link: the first use joins and is remembered in this
    browser; a used, expired or unknown link gives a German page (410/404), never an error."""
    if request.user.is_authenticated:
        return render(request, "workshops/join.html", status=409)
    try:
        participant = services.participant_join_external(secret=secret)
    except services.InvitationInvalid as invalid:
        known = invalid.participant
        if (
            invalid.reason == "used"
            and known is not None
            and participant_for(request, known.workshop) == known
        ):
            return redirect(known.workshop.get_absolute_url())
        return render(
            request,
            "workshops/join_invalid.html",
            {"reason": invalid.reason},
            status=404 if invalid.reason == "unknown" else 410,
        )
    request.session.cycle_key()
    remember_external(request, participant)
    messages.success(
        request,
        _("Willkommen, %(name)s! Sie nehmen jetzt am Workshop teil.")
        % {"name": participant.display_name},
    )
    return redirect(participant.workshop.get_absolute_url())


urlpatterns = [
    path("strategien/<slug:slug>/workshops/", workshop_list, name="workshop_list"),
    path("strategien/<slug:slug>/workshops/neu/", workshop_create, name="workshop_create"),
    path("workshops/einladung/<str:secret>/", join, name="join"),
    path("workshops/<uuid:uuid>/einstellungen/", workshop_settings, name="workshop_settings"),
    path("workshops/<uuid:uuid>/teilnehmende/", participants, name="participants"),
]
