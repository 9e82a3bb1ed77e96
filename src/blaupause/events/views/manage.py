"""Views of the events app: the page of an event and its management (create, edit, cancel,
agenda). Thin: parse input, check the permission, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.forms import add_service_errors
from blaupause.regions import selectors as region_selectors
from blaupause.regions.models import Municipality, Network

from .. import services
from ..forms import AgendaItemForm, CancelForm, EventForm, RegistrationForm
from ..models import AgendaItem
from ..selectors.detail import (
    agenda_items,
    agenda_measure_choices,
    event_get,
    event_get_for_change,
    event_page,
)

#: Service field names that the forms call differently.
_FORM_FIELD = {"invited_municipalities": "invite_municipalities", "invited_users": "invited_emails"}


def _apply_errors(form, error: ValidationError) -> None:
    add_service_errors(form, error, rename=_FORM_FIELD)


def _owner_crumbs(owner) -> list[tuple[str, str]]:
    trail = [(_("Start"), reverse("regions:home"))]
    if isinstance(owner, Network):
        trail += [
            (_("Netzwerke"), reverse("regions:network_list")),
            (str(owner), owner.get_absolute_url()),
        ]
    else:
        trail.append((str(owner), owner.get_absolute_url()))
    trail.append((_("Veranstaltungen"), reverse("events:calendar")))
    return trail


def _event_crumbs(event, *items) -> list[tuple[str, str]]:
    trail = _owner_crumbs(event.owner)
    if items:
        trail.append((event.title, event.get_absolute_url()))
        return [*trail, *items]
    return [*trail, (event.title, "")]


def _municipality_choices(owner):
    region_id = owner.pk if not isinstance(owner, Network) else owner.region_id
    queryset = Municipality.objects.select_related("district").order_by("name")
    if region_id:
        return queryset.filter(district__region_id=region_id)
    return queryset.filter(networks=owner)


def _nav(owner) -> str:
    return "networks" if isinstance(owner, Network) else "home"


# --- detail ------------------------------------------------------------------------------------


def event_detail(request: HttpRequest, uuid) -> HttpResponse:
    """Facts, description, agenda, registration box and the organiser's tools."""
    event = event_get(uuid=uuid, viewer=request.user)
    page = event_page(event=event, viewer=request.user)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "page": page,
            "registration_form": RegistrationForm(),
            "breadcrumbs": _event_crumbs(event),
            "nav_active": _nav(event.owner),
        },
    )


# --- create and edit ---------------------------------------------------------------------------


def _owner_from_query(request: HttpRequest):
    slug = request.GET.get("netzwerk")
    if slug:
        return region_selectors.network_get(slug=slug)
    slug = request.GET.get("region")
    if slug:
        return region_selectors.region_get(slug=slug)
    raise Http404(_("Bitte wählen Sie ein Netzwerk oder eine Region."))


def event_create(request: HttpRequest) -> HttpResponse:
    """A new event of a network (`?netzwerk=<slug>`) or of a region (`?region=<slug>`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    owner = _owner_from_query(request)
    if not request.user.has_perm("events.add_event", owner):
        raise PermissionDenied(services.EVENT_DENIED)
    choices = _municipality_choices(owner)
    form = EventForm(request.POST or None, municipality_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, owner=owner, **form.service_values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Die Veranstaltung ist angelegt."))
            return redirect(event.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "owner": owner,
            "event": None,
            "breadcrumbs": [*_owner_crumbs(owner), (_("Neue Veranstaltung"), "")],
            "nav_active": _nav(owner),
        },
        status=status,
    )


def event_edit(request: HttpRequest, uuid) -> HttpResponse:
    """Change an event; a concurrent change is shown side by side, never overwritten."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    if event.is_cancelled:
        messages.error(request, _("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
        return redirect(event.get_absolute_url())
    choices = _municipality_choices(event.owner)
    form = EventForm(request.POST or None, municipality_choices=choices, event=event)
    context = {
        "owner": event.owner,
        "event": event,
        "breadcrumbs": _event_crumbs(event, (_("Bearbeiten"), "")),
        "nav_active": _nav(event.owner),
    }
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.event_update(
                actor=request.user,
                event=event,
                expected_version=version,
                **form.service_values(),
            )
        except EditConflict as conflict:
            current = conflict.current
            for name in ("starts_at", "ends_at", "registration_deadline"):
                value = getattr(current, name)
                if value is not None:  # compare as entered: in the site's time zone
                    setattr(current, name, timezone.localtime(value))
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="events/event_form.html",
                context=context,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(event.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "events/event_form.html", {**context, "form": form}, status=status)


def event_cancel(request: HttpRequest, uuid) -> HttpResponse:
    """Cancel an event with a reason; everyone registered gets a mail."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    if event.is_cancelled:
        messages.info(request, _("Diese Veranstaltung ist bereits abgesagt."))
        return redirect(event.get_absolute_url())
    form = CancelForm(request.POST or None, initial={"version": event.version})
    context = {
        "event": event,
        "breadcrumbs": _event_crumbs(event, (_("Absagen"), "")),
        "nav_active": _nav(event.owner),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Jemand anderes hat die Veranstaltung inzwischen geändert. Prüfen Sie die "
                    "aktuelle Fassung und sagen Sie dann erneut ab."
                ),
            )
            data = form.data.copy()
            data["version"] = str(type(event).all_objects.get(pk=event.pk).version)
            form.data = data
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Die Veranstaltung ist abgesagt. Alle Angemeldeten werden informiert.")
            )
            return redirect(event.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "events/event_cancel.html", {**context, "form": form}, status=status)


# --- agenda ------------------------------------------------------------------------------------


def event_agenda(request: HttpRequest, uuid) -> HttpResponse:
    """The agenda as a list: add a point (with measures), remove one."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    form = AgendaItemForm(request.POST or None, measure_choices=agenda_measure_choices(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt ist hinzugefügt."))
            return redirect(reverse("events:event_agenda", kwargs={"uuid": event.uuid}))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "events/agenda_form.html",
        {
            "event": event,
            "items": agenda_items(event),
            "form": form,
            "breadcrumbs": _event_crumbs(event, (_("Tagesordnung"), "")),
            "nav_active": _nav(event.owner),
        },
        status=status,
    )


@require_POST
def event_agenda_remove(request: HttpRequest, uuid, item_uuid) -> HttpResponse:
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    item = AgendaItem.objects.filter(event=event, uuid=item_uuid).first()
    if item is None:
        raise Http404(_("Diesen Tagesordnungspunkt gibt es nicht."))
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(
        request, _("„%(title)s“ ist von der Tagesordnung entfernt.") % {"title": item.title}
    )
    return redirect(reverse("events:event_agenda", kwargs={"uuid": event.uuid}))


urlpatterns = [
    path("veranstaltungen/neu/", event_create, name="event_create"),
    path("veranstaltungen/<uuid:uuid>/", event_detail, name="event_detail"),
    path("veranstaltungen/<uuid:uuid>/bearbeiten/", event_edit, name="event_edit"),
    path("veranstaltungen/<uuid:uuid>/absagen/", event_cancel, name="event_cancel"),
    path("veranstaltungen/<uuid:uuid>/tagesordnung/", event_agenda, name="event_agenda"),
    path(
        "veranstaltungen/<uuid:uuid>/tagesordnung/<uuid:item_uuid>/entfernen/",
        event_agenda_remove,
        name="event_agenda_remove",
    ),
]
