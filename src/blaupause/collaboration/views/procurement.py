"""Views of procurement plans (Beschaffungsvorhaben): the region-wide list with filters, one
plan, record, change and delete. Thin: parse input, check the permission, call a selector or
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.forms import add_service_errors
from blaupause.regions.models import Municipality

from ..forms.procurement import DeleteForm, PlanFilterForm, PlanForm
from ..selectors.procurement import (
    PlanFilters,
    plan_districts_for,
    plan_get,
    plan_get_for_change,
    plan_list,
    plan_years,
)
from ..services import procurement as services

PAGE_SIZE = 50


def _crumbs(*items) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Beschaffungsvorhaben"), reverse("collaboration:plan_list")),
        *items,
    ]


def _addable_municipalities(user):
    """Municipalities the user may record plans for: CDO of, or those of an administered region."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    queryset = Municipality.objects.select_related("district").defer("geometry").order_by("name")
    if user.is_superuser:
        return queryset
    roles = user.roles
    from django.db.models import Q

    return queryset.filter(
        Q(pk__in=roles.cdo_municipality_ids)
        | Q(district__region_id__in=roles.regional_admin_region_ids)
    )


# --- list and detail ---------------------------------------------------------------------------


def plan_list_view(request: HttpRequest) -> HttpResponse:
    """Plans of the viewer's region with filters (category, district, year, text)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    districts = plan_districts_for(request.user)
    form = PlanFilterForm(
        request.GET or None, districts=districts, years=plan_years(timezone.localdate().year)
    )
    filters = PlanFilters()
    if form.is_bound:
        form.is_valid()  # invalid filters are reported at the field and ignored
        data = getattr(form, "cleaned_data", {})
        filters = PlanFilters(
            category=data.get("kategorie") or "",
            district=data.get("kreis"),
            year=data.get("jahr"),
            text=(data.get("q") or "").strip(),
            municipality_ags=(request.GET.get("kommune") or "")[:8],
        )
    page = Paginator(plan_list(viewer=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    query = request.GET.copy()
    query.pop("seite", None)
    can_add = _addable_municipalities(request.user).exists()
    return render(
        request,
        "collaboration/procurement/plan_list.html",
        {
            "form": form,
            "page_obj": page,
            "plans": page.object_list,
            "filtered": any([filters.category, filters.district, filters.year, filters.text])
            or bool(filters.municipality_ags),
            "query": query.urlencode(),
            "can_add": can_add,
            "breadcrumbs": [
                (_("Start"), reverse("regions:home")),
                (_("Beschaffungsvorhaben"), ""),
            ],
        },
    )


def plan_detail(request: HttpRequest, uuid) -> HttpResponse:
    """One plan: facts, description, and the tools of its CDO."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = plan_get(uuid=uuid, viewer=request.user)
    return render(
        request,
        "collaboration/procurement/plan_detail.html",
        {
            "plan": plan,
            "can_change": request.user.has_perm("collaboration.change_plan", plan),
            "breadcrumbs": _crumbs((plan.subject, "")),
        },
    )


# --- create, edit, delete ----------------------------------------------------------------------


def plan_create(request: HttpRequest) -> HttpResponse:
    """Record a plan for a municipality the user is CDO of (`?kommune=<AGS>` preselects it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipalities = _addable_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied(services.PLAN_DENIED)
    initial = {"open_for_partners": True}
    ags = request.GET.get("kommune")
    if ags:
        initial["municipality"] = ags
    form = PlanForm(request.POST or None, municipalities=municipalities, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                **form.service_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error("municipality", services.PLAN_DENIED)
        else:
            messages.success(request, _("Das Beschaffungsvorhaben ist erfasst."))
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "collaboration/procurement/plan_form.html",
        {
            "form": form,
            "plan": None,
            "breadcrumbs": _crumbs((_("Neues Beschaffungsvorhaben"), "")),
        },
        status=400 if form.is_bound else 200,
    )


def plan_edit(request: HttpRequest, uuid) -> HttpResponse:
    """Change a plan; a concurrent change is shown side by side, never overwritten."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = plan_get_for_change(uuid=uuid, viewer=request.user)
    form = PlanForm(request.POST or None, plan=plan)
    context = {
        "plan": plan,
        "breadcrumbs": _crumbs((plan.subject, plan.get_absolute_url()), (_("Bearbeiten"), "")),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                expected_version=form.cleaned_data["version"],
                **form.service_values(),
            )
        except EditConflict as conflict:
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="collaboration/procurement/plan_form.html",
                context=context,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "collaboration/procurement/plan_form.html",
        {**context, "form": form},
        status=400 if form.is_bound else 200,
    )


def plan_delete(request: HttpRequest, uuid) -> HttpResponse:
    """Delete a plan after a confirmation (softly: the regional admins can restore it)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = plan_get_for_change(uuid=uuid, viewer=request.user)
    form = DeleteForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_delete(
                actor=request.user, plan=plan, expected_version=form.cleaned_data["version"]
            )
        except EditConflict:
            messages.error(
                request,
                _(
                    "Jemand anderes hat das Vorhaben inzwischen geändert. Prüfen Sie die "
                    "aktuelle Fassung und löschen Sie dann erneut."
                ),
            )
            return redirect(plan.get_absolute_url())
        messages.success(request, _("Das Beschaffungsvorhaben ist gelöscht."))
        return redirect(plan.municipality.get_absolute_url())
    return render(
        request,
        "collaboration/procurement/plan_delete.html",
        {
            "plan": plan,
            "form": form,
            "breadcrumbs": _crumbs((plan.subject, plan.get_absolute_url()), (_("Löschen"), "")),
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path("beschaffung/", plan_list_view, name="plan_list"),
    path("beschaffung/neu/", plan_create, name="plan_create"),
    path("beschaffung/<uuid:uuid>/", plan_detail, name="plan_detail"),
    path("beschaffung/<uuid:uuid>/bearbeiten/", plan_edit, name="plan_edit"),
    path("beschaffung/<uuid:uuid>/loeschen/", plan_delete, name="plan_delete"),
]
