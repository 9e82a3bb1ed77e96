"""Views of the workshops app: the board (participant view), the projector view, the live poll,
steps, cards and clusters.

Every form posts normally and redirects back to the board (works without JavaScript). The live
poll answers 204 while nothing changed; else the re-rendered board region (htmx swaps only that
region, so the card form keeps focus and half-typed text). The poll URL carries a signed token
for the workshop, so an unchanged poll costs a single query.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..constants import Step
from ..forms import CardForm, ClusterForm
from ..models import Card, Cluster
from ..participation import refusals_roll_back, refused
from .setup import apply_errors, workshop_crumbs

LIVE_SALT = "workshops.live"
LIVE_MAX_AGE = 24 * 60 * 60  # seconds; after that the poll checks access the slow way once
#: Seconds between two polls of a board.
POLL_SECONDS = 2


# --- helpers -----------------------------------------------------------------------------------


def _live_url(workshop, *, view: str = "") -> str:
    token = signing.TimestampSigner(salt=LIVE_SALT).sign(str(workshop.uuid))
    url = reverse("workshops:live", kwargs={"uuid": workshop.uuid})
    query = f"r={workshop.revision}&s={workshop.step}&t={token}"
    return f"{url}?{query}&v=beamer" if view == "beamer" else f"{url}?{query}"


def _token_ok(token: str, uuid) -> bool:
    try:
        value = signing.TimestampSigner(salt=LIVE_SALT).unsign(token, max_age=LIVE_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == str(uuid)


def _board_context(request, access, **extra) -> dict:
    """The context of the board page and its region: the board plus wsout's outcome context."""
    from blaupause.workshops.selectors.outcome import outcome_context

    board = selectors.board_get(access=access)
    workshop = access.workshop
    return {
        "workshop": workshop,
        "board": board,
        "participant": access.participant,
        "is_facilitator": access.is_facilitator,
        "live_url": _live_url(workshop),
        "poll_seconds": POLL_SECONDS,
        "steps": Step,
        "join_url": request.build_absolute_uri(workshop.get_absolute_url()),
        **outcome_context(workshop, access.participant),
        **extra,
    }


def _back(workshop, anchor: str = "") -> HttpResponse:
    url = workshop.get_absolute_url()
    return redirect(f"{url}#{anchor}" if anchor else url)


def _is_script(request) -> bool:
    """A request sent by the board's script (drag and drop) or htmx, not a plain form post."""
    return bool(request.htmx) or request.headers.get("X-Requested-With") == "fetch"


def _card(access, card_uuid) -> Card:
    card = (
        Card.objects.filter(workshop=access.workshop, uuid=card_uuid)
        .select_related("author", "cluster")
        .first()
    )
    if card is None:
        raise Http404(_("Diese Karte gibt es nicht."))
    card.workshop = access.workshop
    return card


def _cluster(access, cluster_uuid) -> Cluster:
    cluster = Cluster.objects.filter(workshop=access.workshop, uuid=cluster_uuid).first()
    if cluster is None:
        raise Http404(_("Diese Gruppe gibt es nicht."))
    cluster.workshop = access.workshop
    return cluster


def _render_board(request, access, *, status=200, **extra) -> HttpResponse:
    workshop = access.workshop
    context = _board_context(request, access, **extra)
    context.setdefault(
        "card_form", CardForm(allow_anonymous=workshop.allow_anonymous, auto_id="karte_%s")
    )
    context.setdefault("cluster_form", ClusterForm(auto_id="gruppe_%s"))
    context["breadcrumbs"] = workshop_crumbs(workshop)
    context["nav_active"] = "strategies"
    return render(request, "workshops/board.html", context, status=status)


# --- pages -------------------------------------------------------------------------------------


@require_GET
def board(request: HttpRequest, uuid) -> HttpResponse:
    """The board of a workshop for participants and the facilitator."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    return _render_board(request, access)


@require_GET
def projector(request: HttpRequest, uuid) -> HttpResponse:
    """Big type for the room: read-only, no names on anonymous cards, the URL to join."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    context = _board_context(request, access)
    context["live_url"] = _live_url(access.workshop, view="beamer")
    return render(request, "workshops/projector.html", context)


@require_GET
def live(request: HttpRequest, uuid) -> HttpResponse:
    """The poll of every open board: 204 while the revision is unchanged, else the board
    region (or a full reload when the step changed)."""
    token_ok = _token_ok(request.GET.get("t", ""), uuid)
    current = selectors.workshop_revision(uuid=uuid)
    if current is None:
        raise Http404
    revision, step = current
    if token_ok and request.GET.get("r") == str(revision) and request.GET.get("s") == step:
        return HttpResponse(status=204)
    access = selectors.workshop_access(request=request, uuid=uuid)
    if request.GET.get("s") != step:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = _board_context(request, access)
    template = "workshops/components/board_region.html"
    if request.GET.get("v") == "beamer":
        context["live_url"] = _live_url(access.workshop, view="beamer")
        context["projector"] = True
    return render(request, template, {**context, "live_swap": True})


# --- steps -------------------------------------------------------------------------------------


@require_POST
@refusals_roll_back
def step_set(request: HttpRequest, uuid) -> HttpResponse:
    """Switch the workshop to the chosen step (facilitator)."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    try:
        workshop = services.workshop_step_set(
            actor=request.user, workshop=access.workshop, step=request.POST.get("step", "")
        )
    except ValidationError as error:
        refused(request)
        messages.error(request, " ".join(error.messages))
        return _back(access.workshop)
    messages.success(
        request,
        _("Der Workshop ist jetzt im Schritt „%(step)s“.") % {"step": workshop.get_step_display()},
    )
    return _back(workshop)


# --- cards -------------------------------------------------------------------------------------


@require_POST
@refusals_roll_back
def card_add(request: HttpRequest, uuid) -> HttpResponse:
    """Put an idea card on the board; a too long text comes back in the field with a message."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    workshop = access.workshop
    form = CardForm(request.POST, allow_anonymous=workshop.allow_anonymous, auto_id="karte_%s")
    if form.is_valid():
        try:
            services.card_create(
                actor=request.user,
                participant=access.participant,
                workshop=workshop,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data.get("anonymous", False),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Ihre Karte hängt am Board."))
            return _back(workshop, "karte-schreiben")
    return _render_board(request, access, card_form=form, status=400)


@refusals_roll_back
def card_edit(request: HttpRequest, uuid, card_uuid) -> HttpResponse:
    """Change one's own card while collecting (the facilitator any card)."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    card = _card(access, card_uuid)
    workshop = access.workshop
    if not access.is_facilitator and (
        access.participant is None or card.author_id != access.participant.pk
    ):
        raise PermissionDenied(_("Sie können nur Ihre eigenen Karten ändern."))
    initial = {"text": card.text, "anonymous": card.anonymous}
    form = CardForm(request.POST or None, initial=initial, allow_anonymous=workshop.allow_anonymous)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.card_update(
                    actor=request.user,
                    participant=access.participant,
                    card=card,
                    text=form.cleaned_data["text"],
                    anonymous=form.cleaned_data.get("anonymous", False),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Die Karte ist geändert."))
                return _back(workshop, f"karte-{card.uuid}")
        status = 400
    return render(
        request,
        "workshops/workshop_form.html",
        {
            "form": form,
            "workshop": workshop,
            "heading": _("Karte ändern"),
            "intro": workshop.question,
            "submit_label": _("Karte speichern"),
            "cancel_url": f"{workshop.get_absolute_url()}#karte-{card.uuid}",
            "breadcrumbs": workshop_crumbs(workshop, (_("Karte ändern"), "")),
            "nav_active": "strategies",
        },
        status=status,
    )


@require_POST
@refusals_roll_back
def card_delete(request: HttpRequest, uuid, card_uuid) -> HttpResponse:
    access = selectors.workshop_access(request=request, uuid=uuid)
    card = _card(access, card_uuid)
    services.card_delete(actor=request.user, participant=access.participant, card=card)
    if _is_script(request):
        return HttpResponse(status=204)
    messages.success(request, _("Die Karte ist entfernt."))
    return _back(access.workshop, "karten")


@require_POST
@refusals_roll_back
def card_move(request: HttpRequest, uuid, card_uuid) -> HttpResponse:
    """Put a card into a group (select + button, or drag and drop through the script)."""
    access = selectors.workshop_access(request=request, uuid=uuid)
    card = _card(access, card_uuid)
    target = request.POST.get("cluster", "")
    cluster = None
    if target:
        cluster = Cluster.objects.filter(workshop=access.workshop, uuid=_uuid_or_none(target))
        cluster = cluster.first()
        if cluster is None:
            refused(request)
            if _is_script(request):
                return HttpResponse(_("Diese Gruppe gibt es nicht."), status=400)
            messages.error(request, _("Diese Gruppe gibt es nicht mehr."))
            return _back(access.workshop, f"karte-{card.uuid}")
        cluster.workshop = access.workshop
    services.card_move(actor=request.user, card=card, cluster=cluster)
    if _is_script(request):
        return HttpResponse(status=204)
    if cluster is not None:
        messages.success(
            request,
            _("Karte in die Gruppe „%(title)s“ verschoben.") % {"title": cluster.title},
        )
    else:
        messages.success(request, _("Karte zu den Karten ohne Gruppe verschoben."))
    return _back(access.workshop, f"karte-{card.uuid}")


def _uuid_or_none(value: str):
    import uuid as uuid_module

    try:
        return uuid_module.UUID(value)
    except ValueError:
        return None


# --- clusters ----------------------------------------------------------------------------------


@require_POST
@refusals_roll_back
def cluster_add(request: HttpRequest, uuid) -> HttpResponse:
    access = selectors.workshop_access(request=request, uuid=uuid)
    form = ClusterForm(request.POST, auto_id="gruppe_%s")
    if form.is_valid():
        try:
            cluster = services.cluster_create(
                actor=request.user, workshop=access.workshop, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Die Gruppe „%(title)s“ ist angelegt.") % {"title": cluster.title}
            )
            return _back(access.workshop, f"gruppe-{cluster.uuid}")
    if not access.is_facilitator:
        raise PermissionDenied(services.board.NOT_FACILITATOR)
    return _render_board(request, access, cluster_form=form, status=400)


@require_POST
@refusals_roll_back
def cluster_rename(request: HttpRequest, uuid, cluster_uuid) -> HttpResponse:
    access = selectors.workshop_access(request=request, uuid=uuid)
    cluster = _cluster(access, cluster_uuid)
    try:
        services.cluster_rename(
            actor=request.user, cluster=cluster, title=request.POST.get("title", "")
        )
    except ValidationError as error:
        refused(request)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Die Gruppe heißt jetzt „%(title)s“.") % {"title": cluster.title}
        )
    return _back(access.workshop, f"gruppe-{cluster.uuid}")


@require_POST
@refusals_roll_back
def cluster_delete(request: HttpRequest, uuid, cluster_uuid) -> HttpResponse:
    access = selectors.workshop_access(request=request, uuid=uuid)
    cluster = _cluster(access, cluster_uuid)
    services.cluster_delete(actor=request.user, cluster=cluster)
    messages.success(
        request,
        _("Die Gruppe „%(title)s“ ist aufgelöst; ihre Karten sind wieder ohne Gruppe.")
        % {"title": cluster.title},
    )
    return _back(access.workshop, "karten")


urlpatterns = [
    path("workshops/<uuid:uuid>/", board, name="workshop_detail"),
    path("workshops/<uuid:uuid>/beamer/", projector, name="projector"),
    path("workshops/<uuid:uuid>/live/", live, name="live"),
    path("workshops/<uuid:uuid>/schritt/", step_set, name="step_set"),
    path("workshops/<uuid:uuid>/karten/", card_add, name="card_add"),
    path("workshops/<uuid:uuid>/karten/<uuid:card_uuid>/", card_edit, name="card_edit"),
    path(
        "workshops/<uuid:uuid>/karten/<uuid:card_uuid>/loeschen/", card_delete, name="card_delete"
    ),
    path("workshops/<uuid:uuid>/karten/<uuid:card_uuid>/verschieben/", card_move, name="card_move"),
    path("workshops/<uuid:uuid>/gruppen/", cluster_add, name="cluster_add"),
    path(
        "workshops/<uuid:uuid>/gruppen/<uuid:cluster_uuid>/",
        cluster_rename,
        name="cluster_rename",
    ),
    path(
        "workshops/<uuid:uuid>/gruppen/<uuid:cluster_uuid>/loeschen/",
        cluster_delete,
        name="cluster_delete",
    ),
]
