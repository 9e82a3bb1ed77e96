"""Views of the events app: register, cancel a registration, the organiser's attendance list
and its export as CSV and XLSX."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openpyxl import Workbook
from openpyxl.styles import Font

from .. import services
from ..constants import RegistrationStatus
from ..forms import RegistrationForm
from ..models import Registration
from ..selectors.detail import attendance_list, event_get, event_get_for_change
from .manage import _event_crumbs, _nav


@require_POST
def event_register(request: HttpRequest, uuid) -> HttpResponse:
    """Register the logged-in person; a full event puts them on the waiting list."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("events:event_detail", kwargs={"uuid": uuid}))
    event = event_get(uuid=uuid, viewer=request.user)
    form = RegistrationForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    if form.errors:
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(event.get_absolute_url())
    try:
        registration = services.registration_create(actor=request.user, event=event, note=note)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Sie sind angemeldet. Eine Bestätigung kommt per E-Mail."))
        else:
            messages.warning(
                request,
                _(
                    "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste und rücken "
                    "automatisch nach, sobald ein Platz frei wird."
                ),
            )
    return redirect(f"{event.get_absolute_url()}#anmeldung")


@require_POST
def event_unregister(request: HttpRequest, uuid) -> HttpResponse:
    """Withdraw the logged-in person's registration (or waiting-list place)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("events:event_detail", kwargs={"uuid": uuid}))
    event = event_get(uuid=uuid, viewer=request.user)
    registration = (
        Registration.objects.filter(event=event, user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        messages.info(request, _("Sie sind für diese Veranstaltung nicht angemeldet."))
        return redirect(event.get_absolute_url())
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sie sind abgemeldet."))
    return redirect(f"{event.get_absolute_url()}#anmeldung")


# --- attendance --------------------------------------------------------------------------------


def event_attendance(request: HttpRequest, uuid) -> HttpResponse:
    """Who registered, who waits, and — after the event — who attended (organisers only)."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    rows = attendance_list(event=event)
    if request.method == "POST":
        try:
            present = services.attendance_record(
                actor=request.user,
                event=event,
                attended=[
                    value for value in request.POST.getlist("teilgenommen") if value.isdigit()
                ],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Die Teilnahme ist gespeichert: %(count)s Personen waren dabei.")
                % {"count": present},
            )
        return redirect(reverse("events:event_attendance", kwargs={"uuid": event.uuid}))
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "rows": rows,
            "confirmed": [r for r in rows if r.status == RegistrationStatus.CONFIRMED],
            "waitlisted": [r for r in rows if r.status == RegistrationStatus.WAITLISTED],
            "breadcrumbs": _event_crumbs(event, (_("Teilnahmeliste"), "")),
            "nav_active": _nav(event.owner),
        },
    )


def _export_rows(event):
    header = [
        _("Name"),
        _("E-Mail"),
        _("Kommune"),
        _("Status"),
        _("angemeldet am"),
        _("teilgenommen"),
    ]
    yes_no = {True: _("ja"), False: _("nein"), None: ""}
    rows = []
    for registration in attendance_list(event=event):
        rows.append(
            [
                registration.user.get_full_name(),
                registration.user.email,
                registration.municipality.name if registration.municipality_id else "",
                registration.get_status_display(),
                timezone.localtime(registration.registered_at),
                yes_no[registration.attended],
            ]
        )
    return header, rows


def _filename(event, extension: str) -> str:
    stem = slugify(event.title)[:60] or "veranstaltung"
    return f"teilnahmeliste-{stem}-{timezone.localdate(event.starts_at):%Y-%m-%d}.{extension}"


def event_attendance_csv(request: HttpRequest, uuid) -> HttpResponse:
    """The attendance list as CSV (UTF-8 with BOM, semicolons: opens in German Excel)."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    header, rows = _export_rows(event)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        row[4] = date_format(row[4], "DATETIME_FORMAT")
        writer.writerow([_csv_safe(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    return response


def _csv_safe(value):
    """Keep spreadsheet programs from running cell text as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def event_attendance_xlsx(request: HttpRequest, uuid) -> HttpResponse:
    """The attendance list as an Excel workbook."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    header, rows = _export_rows(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Teilnahmeliste")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        row[4] = row[4].replace(tzinfo=None)  # Excel knows no time zones: local time
        sheet.append([_csv_safe(v) if isinstance(v, str) else v for v in row])
        sheet.cell(row=sheet.max_row, column=5).number_format = "DD.MM.YYYY HH:MM"
    for column, width in zip("ABCDEF", (30, 34, 26, 20, 18, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response


urlpatterns = [
    path("veranstaltungen/<uuid:uuid>/anmelden/", event_register, name="event_register"),
    path("veranstaltungen/<uuid:uuid>/abmelden/", event_unregister, name="event_unregister"),
    path("veranstaltungen/<uuid:uuid>/teilnahmeliste/", event_attendance, name="event_attendance"),
    path(
        "veranstaltungen/<uuid:uuid>/teilnahmeliste.csv",
        event_attendance_csv,
        name="event_attendance_csv",
    ),
    path(
        "veranstaltungen/<uuid:uuid>/teilnahmeliste.xlsx",
        event_attendance_xlsx,
        name="event_attendance_xlsx",
    ),
]
