"""Transparency pages (progress of a municipality and of a network) and the CDO's editors.

Views stay thin: they parse input, check the permission, call one selector or service and
render. The bulk editor saves one row at a time: with htmx the row comes back as a partial,
without JavaScript the same form posts normally and the page reloads.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.forms import add_service_errors
from blaupause.regions import selectors as region_selectors

from . import selectors, services
from .constants import NO_COMMITMENT, CommitmentStatus
from .forms import (
    CommitmentForm,
    EvidenceFileForm,
    FilterForm,
    IndicatorValueForm,
    RowForm,
    initial_from,
)
from .models import EvidenceFile
from .selectors._common import alive_commitments

PAGE_SIZE = 50


# --- helpers -----------------------------------------------------------------------------------


def _uuid_or_empty(value: str | None) -> str:
    """A UUID from the URL as text, or "" for anything that is not one (ignored filter)."""
    try:
        return str(uuid.UUID(str(value or "")))
    except ValueError:
        return ""


def _status_or_empty(value: str | None, *, with_none: bool = False) -> str:
    allowed = set(CommitmentStatus.values) | ({NO_COMMITMENT} if with_none else set())
    return value if value in allowed else ""


def _crumbs(municipality, *items) -> list[tuple[str, str]]:
    district = municipality.district
    trail = [(_("Start"), reverse("regions:home"))]
    if district.region_id:
        trail.append((str(district.region), district.region.get_absolute_url()))
    trail.append((district.name, district.get_absolute_url()))
    trail.append((municipality.name, municipality.get_absolute_url()))
    return [*trail, *items]


def _editable_municipality(request: HttpRequest, ags: str):
    """The municipality if the user may edit its commitments; 404 or 403 otherwise."""
    municipality = region_selectors.municipality_get(ags=ags)
    if not request.user.has_perm("commitments.add_commitment", municipality):
        raise PermissionDenied(services.COMMITMENT_DENIED)
    return municipality


def _row_prefix(measure) -> str:
    return f"m{measure.pk}"


def _bulk_url(municipality, measure=None) -> str:
    url = reverse("commitments:bulk_edit", kwargs={"ags": municipality.ags})
    return f"{url}#zeile-{measure.uuid}" if measure is not None else url


# --- public pages ------------------------------------------------------------------------------


def municipality_dashboard(request: HttpRequest, ags: str) -> HttpResponse:
    """All commitments of a municipality with progress, and what its peers already do."""
    municipality = region_selectors.municipality_get(ags=ags)
    field_uuid = _uuid_or_empty(request.GET.get("handlungsfeld"))
    status = _status_or_empty(request.GET.get("status"))
    progress = selectors.municipality_progress(
        municipality=municipality, viewer=request.user, field_uuid=field_uuid, status=status
    )
    filter_form = FilterForm(request.GET or None, fields=progress.field_choices)
    return render(
        request,
        "commitments/municipality_dashboard.html",
        {
            "municipality": municipality,
            "progress": progress,
            "filter_form": filter_form,
            "filtered": bool(field_uuid or status),
            "can_edit": request.user.has_perm("commitments.add_commitment", municipality),
            "breadcrumbs": _crumbs(municipality, (_("Fortschritt"), "")),
            "nav_active": "municipalities",
        },
    )


def network_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Progress of a network's strategy per field, measure and member; who does what."""
    network = region_selectors.network_get(slug=slug)
    field_uuid = _uuid_or_empty(request.GET.get("handlungsfeld"))
    page = selectors.network_progress(
        network=network,
        viewer=request.user,
        strategy_slug=request.GET.get("strategie", ""),
        field_uuid=field_uuid,
        status=_status_or_empty(request.GET.get("status")),
        municipality_ags=request.GET.get("kommune", ""),
        district_slug=request.GET.get("kreis", ""),
    )
    filter_form = FilterForm(
        request.GET or None,
        fields=page.field_choices,
        municipalities=page.municipality_choices,
        districts=page.district_choices if len(page.district_choices) > 1 else None,
    )
    commitments = None
    if page.commitments is not None:
        commitments = Paginator(page.commitments, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "commitments/network_dashboard.html",
        {
            "network": network,
            "page": page,
            "commitment_page": commitments,
            "filter_form": filter_form,
            "filtered": any(
                request.GET.get(name) for name in ("handlungsfeld", "status", "kommune", "kreis")
            ),
            "breadcrumbs": [
                (_("Start"), reverse("regions:home")),
                (_("Netzwerke"), reverse("regions:network_list")),
                (network.name, network.get_absolute_url()),
                (_("Fortschritt"), ""),
            ],
            "nav_active": "networks",
        },
    )


# --- bulk editor -------------------------------------------------------------------------------


def _bulk_context(request, municipality, *, replace=None):
    """Everything the bulk page shows; `replace` = {measure_id: row context} from a failed save."""
    field_uuid = _uuid_or_empty(request.GET.get("handlungsfeld"))
    status = _status_or_empty(request.GET.get("status"), with_none=True)
    groups, field_choices, total = selectors.bulk_groups(
        municipality=municipality, field_uuid=field_uuid, status=status
    )
    replace = replace or {}
    for group in groups:
        group.items = [
            replace.get(row.measure.pk)
            or {
                "measure": row.measure,
                "commitment": row.commitment,
                "form": RowForm(prefix=_row_prefix(row.measure), commitment=row.commitment),
            }
            for row in group.items
        ]
    filter_form = FilterForm(request.GET or None, fields=field_choices, with_none=True)
    return {
        "municipality": municipality,
        "groups": groups,
        "total": total,
        "shown": sum(len(group.items) for group in groups),
        "filter_form": filter_form,
        "filtered": bool(field_uuid or status),
        "breadcrumbs": _crumbs(
            municipality,
            (
                _("Fortschritt"),
                reverse("commitments:municipality_dashboard", kwargs={"ags": municipality.ags}),
            ),
            (_("Maßnahmen bearbeiten"), ""),
        ),
        "nav_active": "municipalities",
    }


@login_required
def bulk_edit(request: HttpRequest, ags: str) -> HttpResponse:
    """One screen with every measure of the municipality's strategies, each row editable."""
    municipality = _editable_municipality(request, ags)
    return render(request, "commitments/bulk_edit.html", _bulk_context(request, municipality))


def _save_row(request, *, municipality, measure, commitment) -> dict:
    """Validate and save one row; return the row's context (form, state, message)."""
    form = RowForm(request.POST, prefix=_row_prefix(measure), commitment=commitment)
    row = {"measure": measure, "commitment": commitment, "form": form, "state": "error"}
    if not form.is_valid():
        return row
    if form.wants_nothing:
        row.update(state="unchanged", message=_("Keine Beteiligung gewählt – nichts gespeichert."))
        return row
    values = form.commitment_values()
    try:
        if commitment is None:
            commitment = services.commitment_create(
                actor=request.user, municipality=municipality, measure=measure, **values
            )
        else:
            version = form.cleaned_data.get("version") or 0
            commitment = services.commitment_update(
                actor=request.user, commitment=commitment, expected_version=version, **values
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return row
    except EditConflict as conflict:
        current = conflict.current
        data = form.data.copy()
        data[form.add_prefix("version")] = str(current.version)
        form.data = data
        row.update(state="conflict", current=current)
        return row
    commitment.municipality = municipality
    commitment.measure = measure
    return {
        "measure": measure,
        "commitment": commitment,
        "form": RowForm(prefix=_row_prefix(measure), commitment=commitment),
        "state": "saved",
        "message": _("Gespeichert: %(measure)s – %(status)s, %(progress)s %%.")
        % {
            "measure": measure.key,
            "status": commitment.get_status_display(),
            "progress": commitment.progress,
        },
    }


@login_required
def bulk_row(request: HttpRequest, ags: str, measure_uuid) -> HttpResponse:
    """Save one row of the bulk editor (htmx: the row comes back; else the page reloads)."""
    municipality = _editable_municipality(request, ags)
    measure = selectors.available_measure_get(municipality=municipality, measure_uuid=measure_uuid)
    if request.method != "POST":
        return redirect(_bulk_url(municipality, measure))
    commitment = selectors.commitment_for(municipality=municipality, measure=measure)
    row = _save_row(request, municipality=municipality, measure=measure, commitment=commitment)
    if request.htmx:
        return render(
            request,
            "commitments/partials/bulk_row.html",
            {"municipality": municipality, "row": row, "oob_status": True},
        )
    if row["state"] in ("saved", "unchanged"):
        (messages.success if row["state"] == "saved" else messages.info)(request, row["message"])
        return redirect(_bulk_url(municipality, measure))
    status = 409 if row["state"] == "conflict" else 200
    context = _bulk_context(request, municipality, replace={measure.pk: row})
    return render(request, "commitments/bulk_edit.html", context, status=status)


# --- full form of one commitment ---------------------------------------------------------------


def _next_url(request, municipality, measure) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _bulk_url(municipality, measure)


def _edit_context(request, municipality, measure, commitment, **extra) -> dict:
    values = []
    indicators = list(measure.indicators.all())
    if commitment is not None:
        values = list(
            commitment.indicator_values.select_related("indicator").order_by(
                "indicator__order", "indicator_id", "-recorded_on", "-id"
            )
        )
    extra.setdefault(
        "indicator_form",
        IndicatorValueForm(indicators=indicators, prefix="kennzahl") if indicators else None,
    )
    evidence_files = []
    if commitment is not None:
        evidence_files = list(commitment.evidence_files.all())
        extra.setdefault("evidence_form", _evidence_form())
    extra.setdefault("evidence_files", evidence_files)
    extra.setdefault("evidence_limit", services.MAX_EVIDENCE_FILES)
    return {
        "municipality": municipality,
        "measure": measure,
        "commitment": commitment,
        "indicators": indicators,
        "indicator_values": values,
        "next": _next_url(request, municipality, measure),
        "breadcrumbs": _crumbs(
            municipality,
            (_("Maßnahmen bearbeiten"), _bulk_url(municipality)),
            (measure.key, ""),
        ),
        "nav_active": "municipalities",
        **extra,
    }


@login_required
def commitment_edit(request: HttpRequest, ags: str, measure_uuid) -> HttpResponse:
    """The full form of one commitment: status, dates, evidence, visibility, indicator values."""
    municipality = _editable_municipality(request, ags)
    measure = selectors.available_measure_get(municipality=municipality, measure_uuid=measure_uuid)
    commitment = selectors.commitment_for(municipality=municipality, measure=measure)
    template = "commitments/commitment_form.html"

    if request.method == "POST" and request.POST.get("form") == "kennzahl":
        return _indicator_value_add(request, municipality, measure, commitment)
    if request.method == "POST" and request.POST.get("form") == "nachweis":
        return _evidence_file_add(request, municipality, measure, commitment)

    form = CommitmentForm(request.POST or None, initial=initial_from(commitment))
    if commitment is not None:
        form.fields["version"].required = True
    context = _edit_context(request, municipality, measure, commitment)
    if request.method == "POST" and form.is_valid():
        values = form.commitment_values()
        try:
            if commitment is None:
                services.commitment_create(
                    actor=request.user, municipality=municipality, measure=measure, **values
                )
            else:
                services.commitment_update(
                    actor=request.user,
                    commitment=commitment,
                    expected_version=form.cleaned_data["version"],
                    **values,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        else:
            messages.success(
                request,
                _("Die Beteiligung an „%(measure)s“ wurde gespeichert.")
                % {"measure": measure.title},
            )
            return redirect(context["next"])
    return render(request, template, {**context, "form": form})


def _indicator_value_add(request, municipality, measure, commitment) -> HttpResponse:
    if commitment is None:
        messages.error(request, _("Bitte speichern Sie zuerst die Beteiligung."))
        return redirect(request.path)
    indicators = list(measure.indicators.all())
    form = IndicatorValueForm(request.POST, indicators=indicators, prefix="kennzahl")
    if form.is_valid():
        try:
            services.indicator_value_record(
                actor=request.user,
                commitment=commitment,
                indicator=form.cleaned_data["indicator"],
                recorded_on=form.cleaned_data["recorded_on"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Kennzahlwert wurde gespeichert."))
            return redirect(f"{request.path}#kennzahlen")
    context = _edit_context(request, municipality, measure, commitment, indicator_form=form)
    context["form"] = CommitmentForm(initial=initial_from(commitment))
    return render(request, "commitments/commitment_form.html", context)


def _evidence_form(*args, **kwargs) -> EvidenceFileForm:
    return EvidenceFileForm(
        *args, prefix="nachweis", limit_mb=services.max_upload_mb_text(), **kwargs
    )


def _evidence_file_add(request, municipality, measure, commitment) -> HttpResponse:
    """Upload one evidence file from the edit page; errors come back at the field."""
    if commitment is None:
        messages.error(request, _("Bitte speichern Sie zuerst die Beteiligung."))
        return redirect(request.path)
    form = _evidence_form(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.evidence_file_add(
                actor=request.user,
                commitment=commitment,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Datei „%(name)s“ wurde hochgeladen.") % {"name": evidence.original_name},
            )
            return redirect(f"{request.path}#nachweise")
    context = _edit_context(request, municipality, measure, commitment, evidence_form=form)
    context["form"] = CommitmentForm(initial=initial_from(commitment))
    return render(request, "commitments/commitment_form.html", context)


def _visible_evidence(request: HttpRequest, evidence_uuid) -> EvidenceFile:
    """The evidence file if the user may see its commitment; 404 otherwise."""
    visible = alive_commitments(request.user).filter(municipality__deleted_at__isnull=True)
    return get_object_or_404(
        EvidenceFile.objects.select_related("commitment__municipality", "commitment__measure"),
        uuid=evidence_uuid,
        commitment__in=visible,
    )


def evidence_download(request: HttpRequest, evidence_uuid) -> FileResponse:
    """Send an evidence file as a download, visible exactly like its commitment."""
    evidence = _visible_evidence(request, evidence_uuid)
    try:
        handle = evidence.file.open("rb")
    except (OSError, ValueError):
        raise Http404(_("Diese Datei ist nicht mehr vorhanden.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_uuid) -> HttpResponse:
    """Remove an evidence file (soft: an admin can restore it); back to the edit page."""
    evidence = _visible_evidence(request, evidence_uuid)
    commitment = evidence.commitment
    services.evidence_file_delete(actor=request.user, evidence=evidence)
    messages.success(
        request, _("Die Datei „%(name)s“ wurde entfernt.") % {"name": evidence.original_name}
    )
    url = reverse(
        "commitments:commitment_edit",
        kwargs={"ags": commitment.municipality.ags, "measure_uuid": commitment.measure.uuid},
    )
    return redirect(f"{url}#nachweise")


@login_required
def commitment_delete(request: HttpRequest, ags: str, measure_uuid) -> HttpResponse:
    """Ask, then remove a commitment (soft: an admin can restore it)."""
    municipality = _editable_municipality(request, ags)
    measure = selectors.available_measure_get(municipality=municipality, measure_uuid=measure_uuid)
    commitment = selectors.commitment_for(municipality=municipality, measure=measure)
    if commitment is None:
        messages.info(request, _("Es gibt keine Beteiligung an dieser Maßnahme."))
        return redirect(_bulk_url(municipality, measure))
    context = {
        "municipality": municipality,
        "measure": measure,
        "commitment": commitment,
        "breadcrumbs": _crumbs(
            municipality,
            (_("Maßnahmen bearbeiten"), _bulk_url(municipality)),
            (measure.key, ""),
        ),
        "nav_active": "municipalities",
    }
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0
        try:
            services.commitment_delete(
                actor=request.user, commitment=commitment, expected_version=version
            )
        except EditConflict as conflict:
            context["commitment"] = conflict.current
            context["conflict"] = True
            return render(request, "commitments/commitment_delete.html", context, status=409)
        messages.success(
            request,
            _("Die Beteiligung an „%(measure)s“ wurde entfernt.") % {"measure": measure.title},
        )
        return redirect(_bulk_url(municipality, measure))
    return render(request, "commitments/commitment_delete.html", context)
