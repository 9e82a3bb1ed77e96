"""Self-check pages: a municipality's years, the form (draft/submit), the results, reopening,
and the regional view of a region or a network.

Thin: parse input, check the permission, call one service or selector, render. Everything
works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.concurrency import EditConflict
from blaupause.core.forms import add_service_errors
from blaupause.regions import selectors as region_selectors

from . import regional_selectors, selectors, services
from .forms import AssessmentForm, RegionalFilterForm, ReopenForm, StartForm
from .models import Answer
from .scoring import CHART_WIDTH, bar_rows

VIEW_DENIED = gettext_lazy(
    "Die Ergebnisse des Selbstchecks sehen nur die Mitglieder der Kommune und die "
    "Regionaladministration."
)


def _crumbs(municipality, *items) -> list[tuple[str, str]]:
    district = municipality.district
    trail = [(_("Start"), reverse("regions:home"))]
    if district.region_id:
        trail.append((str(district.region), district.region.get_absolute_url()))
    trail.append((district.name, district.get_absolute_url()))
    trail.append((municipality.name, municipality.get_absolute_url()))
    return [*trail, *items]


def _municipality(request: HttpRequest, ags: str):
    """The municipality if the user may see its self-checks; 404 or 403 otherwise."""
    municipality = region_selectors.municipality_get(ags=ags)
    if not request.user.has_perm("assessments.view_assessment", municipality):
        raise PermissionDenied(VIEW_DENIED)
    return municipality


def _year(year: int) -> int:
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise Http404(_("Für dieses Jahr gibt es keinen Selbstcheck."))
    return year


def _start_years(existing: set[int]) -> list[int]:
    this_year = timezone.localdate().year
    return [y for y in (this_year, this_year - 1) if y not in existing]


@login_required
def overview(request: HttpRequest, ags: str) -> HttpResponse:
    municipality = _municipality(request, ags)
    assessments = selectors.assessment_list(municipality=municipality)
    can_edit = request.user.has_perm("assessments.change_assessment", municipality)
    years = _start_years({a.year for a in assessments})
    form = StartForm(request.POST or None, years=years)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(services.ASSESSMENT_DENIED)
        if form.is_valid():
            try:
                assessment = services.assessment_start(
                    actor=request.user, municipality=municipality, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("assessments:form", ags=ags, year=assessment.year)
    return render(
        request,
        "assessments/overview.html",
        {
            "municipality": municipality,
            "assessments": assessments,
            "can_edit": can_edit,
            "start_form": form if years else None,
            "has_demo": any(a.is_demo for a in assessments),
            "criteria_set": services.current_criteria_set(),
            "breadcrumbs": _crumbs(municipality, (_("Selbstcheck"), "")),
        },
    )


@login_required
def assessment_form(request: HttpRequest, ags: str, year: int) -> HttpResponse:
    municipality = _municipality(request, ags)
    year = _year(year)
    assessment = selectors.assessment_get(municipality=municipality, year=year)
    can_edit = request.user.has_perm("assessments.change_assessment", municipality)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(services.ASSESSMENT_DENIED)
    if assessment is None:
        if not can_edit:
            raise Http404(_("Für dieses Jahr gibt es keinen Selbstcheck."))
        if request.method != "POST":
            return redirect("assessments:overview", ags=ags)
    if assessment is not None and assessment.is_submitted:
        return redirect("assessments:results", ags=ags, year=year)
    criteria_set = assessment.criteria_set if assessment else services.current_criteria_set()
    if criteria_set is None:
        raise Http404(_("Es ist noch kein Kriterienkatalog geladen."))
    groups = selectors.form_rows(criteria_set=criteria_set)
    criteria = [c for g in groups for c in g.criteria]
    answers = (
        {a.criterion_id: a for a in Answer.objects.filter(assessment=assessment)}
        if assessment
        else {}
    )
    life_areas = selectors.life_area_rows(municipality=municipality, assessment=assessment)
    form = AssessmentForm(
        request.POST or None,
        criteria=criteria,
        instance=assessment,
        answers=answers,
        life_areas=life_areas,
    )
    status = 200
    conflict = False
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                with transaction.atomic():  # a new year is only kept with its first answers
                    target = assessment or services.assessment_start(
                        actor=request.user, municipality=municipality, year=year
                    )
                    service = services.assessment_submit if submit else services.assessment_save
                    service(
                        actor=request.user,
                        assessment=target,
                        answers=form.answer_inputs(),
                        expected_version=form.cleaned_data.get("version") or target.version,
                        life_areas=form.life_area_inputs(),
                    )
            except EditConflict as error:
                conflict = True
                status = 409
                data = form.data.copy()
                data["version"] = str(error.current.version)
                form.data = data
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                if submit:
                    messages.success(request, _("Der Selbstcheck ist abgeschlossen. Danke!"))
                    return redirect("assessments:results", ags=ags, year=year)
                messages.success(request, _("Entwurf gespeichert. Sie können später weitermachen."))
                return redirect("assessments:form", ags=ags, year=year)
        else:
            status = 400
    rows = [{"field": g, "items": [form.bound(c) for c in g.criteria]} for g in groups]
    return render(
        request,
        "assessments/form.html",
        {
            "municipality": municipality,
            "assessment": assessment,
            "year": year,
            "form": form,
            "rows": rows,
            "criteria_set": criteria_set,
            "can_edit": can_edit,
            "conflict": conflict,
            "breadcrumbs": _crumbs(
                municipality,
                (_("Selbstcheck"), reverse("assessments:overview", kwargs={"ags": ags})),
                (str(year), ""),
            ),
        },
        status=status,
    )


@login_required
def results(request: HttpRequest, ags: str, year: int) -> HttpResponse:
    municipality = _municipality(request, ags)
    year = _year(year)
    assessment = selectors.assessment_get(municipality=municipality, year=year)
    if assessment is None:
        raise Http404(_("Für dieses Jahr gibt es keinen Selbstcheck."))
    result = selectors.assessment_results(assessment=assessment)
    bars, chart_height = bar_rows([(f.title, f.current, f.target) for f in result.fields])
    return render(
        request,
        "assessments/results.html",
        {
            "municipality": municipality,
            "assessment": assessment,
            "result": result,
            "bars": bars,
            "chart_width": CHART_WIDTH,
            "chart_height": chart_height,
            "can_edit": request.user.has_perm("assessments.change_assessment", municipality),
            "can_reopen": assessment.is_submitted and _may_reopen(request.user, assessment),
            "breadcrumbs": _crumbs(
                municipality,
                (_("Selbstcheck"), reverse("assessments:overview", kwargs={"ags": ags})),
                (_("Ergebnis %(year)s") % {"year": year}, ""),
            ),
        },
    )


def _may_reopen(user, assessment) -> bool:
    """Show the reopen link: regional admins always, CDOs for the current year (as the service)."""
    municipality = assessment.municipality
    if not user.has_perm("assessments.reopen_assessment", municipality):
        return False
    return (
        user.has_perm("assessments.view_named_overview", municipality)
        or assessment.year == timezone.localdate().year
    )


@login_required
def reopen(request: HttpRequest, ags: str, year: int) -> HttpResponse:
    municipality = _municipality(request, ags)
    year = _year(year)
    assessment = selectors.assessment_get(municipality=municipality, year=year)
    if assessment is None:
        raise Http404(_("Für dieses Jahr gibt es keinen Selbstcheck."))
    if not assessment.is_submitted:
        return redirect("assessments:form", ags=ags, year=year)
    if not _may_reopen(request.user, assessment):
        raise PermissionDenied(services.REOPEN_DENIED)
    form = ReopenForm(request.POST or None, instance=assessment)
    status = 200
    conflict = False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.assessment_reopen(
                    actor=request.user,
                    assessment=assessment,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict as error:
                conflict, status = True, 409
                data = form.data.copy()
                data["version"] = str(error.current.version)
                form.data = data
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Der Selbstcheck ist wieder offen. Er zählt im Vergleich erst wieder, "
                        "wenn Sie ihn erneut abschließen."
                    ),
                )
                return redirect("assessments:form", ags=ags, year=year)
    return render(
        request,
        "assessments/reopen.html",
        {
            "municipality": municipality,
            "assessment": assessment,
            "form": form,
            "conflict": conflict,
            "breadcrumbs": _crumbs(
                municipality,
                (_("Selbstcheck"), reverse("assessments:overview", kwargs={"ags": ags})),
                (
                    _("Ergebnis %(year)s") % {"year": year},
                    reverse("assessments:results", kwargs={"ags": ags, "year": year}),
                ),
                (_("Wieder öffnen"), ""),
            ),
        },
        status=status,
    )


OVERVIEW_DENIED = gettext_lazy(
    "Die regionale Auswertung des Selbstchecks sehen nur die Regionaladministration und die "
    "Koordination des Netzwerks."
)


def _pick(items, slug: str, label: str, notices: list[str]):
    """The item with `slug` from `items`; unknown slugs are ignored with a notice."""
    if not slug:
        return None
    for item in items:
        if item.slug == slug:
            return item
    notices.append(
        _("%(label)s „%(slug)s“ gibt es nicht; der Filter wurde nicht angewendet.")
        % {"label": label, "slug": slug[:60]}
    )
    return None


@login_required
def region_overview(request: HttpRequest, slug: str) -> HttpResponse:
    region = region_selectors.region_get(slug=slug)
    if not request.user.has_perm("assessments.view_overview", region):
        raise PermissionDenied(OVERVIEW_DENIED)
    districts, networks = regional_selectors.scope_filters(region=region)
    notices: list[str] = []
    district = _pick(districts, request.GET.get("kreis", "").strip(), _("Den Kreis"), notices)
    network = _pick(networks, request.GET.get("netzwerk", "").strip(), _("Das Netzwerk"), notices)
    scope = regional_selectors.region_scope(region=region, district=district, network=network)
    title = " · ".join(item.name for item in (network, district) if item) or region.name
    view = regional_selectors.regional_view(
        scope=scope, title=title, named=True, year=request.GET.get("jahr")
    )
    form = RegionalFilterForm(
        years=view.years,
        districts=districts,
        networks=networks,
        initial={
            "jahr": str(view.year or ""),
            "kreis": district.slug if district else "",
            "netzwerk": network.slug if network else "",
        },
    )
    return _render_overview(
        request,
        view=view,
        form=form,
        notices=notices,
        crumbs=[
            (_("Start"), reverse("regions:home")),
            (region.name, region.get_absolute_url()),
            (_("Selbstcheck"), ""),
        ],
    )


@login_required
def network_overview(request: HttpRequest, slug: str) -> HttpResponse:
    network = region_selectors.network_get(slug=slug)
    if not request.user.has_perm("assessments.view_overview", network):
        raise PermissionDenied(OVERVIEW_DENIED)
    view = regional_selectors.regional_view(
        scope=regional_selectors.network_scope(network=network),
        title=network.name,
        named=request.user.has_perm("assessments.view_named_overview", network),
        year=request.GET.get("jahr"),
    )
    form = RegionalFilterForm(years=view.years, initial={"jahr": str(view.year or "")})
    return _render_overview(
        request,
        view=view,
        form=form,
        notices=[],
        crumbs=[
            (_("Start"), reverse("regions:home")),
            (_("Netzwerke"), reverse("regions:network_list")),
            (network.name, network.get_absolute_url()),
            (_("Selbstcheck"), ""),
        ],
    )


def _render_overview(request, *, view, form, notices, crumbs) -> HttpResponse:
    if view.notice:
        notices.append(view.notice)
    return render(
        request,
        "assessments/regional.html",
        {"view": view, "form": form, "notices": notices, "breadcrumbs": crumbs},
    )
