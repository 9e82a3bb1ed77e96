"""Views of learning offers: list and detail, create and edit, learning paths, recording
participations and the competence overview. Thin: parse input, check the permission, call a
selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.regions.models import Municipality, Region
from blaupause.reports.charts import Bar, bar_chart

from ..forms.learning import OfferFilterForm, OfferForm, ParticipationForm
from ..models import LearningOffer
from ..rules.learning import manageable_region_ids
from ..selectors import learning as selectors
from ..services import learning as services


def _crumbs(*items) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Lernangebote"), reverse("knowledge:offer_list") if items else ""),
        *items,
    ]


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _managed_regions(user):
    ids = manageable_region_ids(user)
    regions = Region.objects.order_by("name")
    return regions if ids is None else regions.filter(pk__in=ids)


def _recordable_municipalities(user):
    """Municipalities the user may record participations for (CDO, regional admin)."""
    queryset = Municipality.objects.select_related("district__region").defer("geometry")
    if user.is_superuser:
        return queryset.order_by("name")
    roles = user.roles
    return queryset.filter(pk__in=roles.cdo_municipality_ids) | queryset.filter(
        district__region_id__in=roles.regional_admin_region_ids
    )


def _can_record(user) -> bool:
    """Whether the user may record participations for at least one municipality."""
    if not user.is_authenticated:
        return False
    return bool(
        user.is_superuser or user.roles.cdo_municipality_ids or user.roles.is_regional_admin
    )


# --- offers ------------------------------------------------------------------------------------


def offer_list(request: HttpRequest) -> HttpResponse:
    """Learning offers with filters: kind, target group, criterion, internal or external."""
    criteria = list(selectors.criterion_choices())
    form = OfferFilterForm(request.GET or None, criteria=criteria)
    filters = form.filters() if form.is_bound else {}
    offers = list(selectors.offer_list(viewer=request.user, **filters))
    can_create = (
        request.user.is_authenticated and manageable_region_ids(request.user) != frozenset()
    )
    return render(
        request,
        "knowledge/learning/offer_list.html",
        {
            "form": form,
            "offers": offers,
            "can_create": can_create,
            "can_record": _can_record(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One offer: description, provider, criteria it raises, the paths it belongs to."""
    offer = selectors.offer_get(slug=slug, viewer=request.user)
    return render(
        request,
        "knowledge/learning/offer_detail.html",
        {
            "offer": offer,
            "paths": selectors.offer_paths(offer=offer),
            "can_edit": request.user.has_perm("knowledge.change_learningoffer", offer),
            "can_record": _can_record(request.user) and offer.is_published,
            "breadcrumbs": _crumbs((offer.title, "")),
        },
    )


def offer_create(request: HttpRequest) -> HttpResponse:
    """A new offer of a region the user manages (regional admin, network coordination)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    regions = _managed_regions(request.user)
    if not regions.exists():
        raise PermissionDenied(services.OFFER_DENIED)
    form = OfferForm(request.POST or None, criteria=selectors.criterion_choices(), regions=regions)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        region = values.pop("region")
        try:
            offer = services.learning_offer_create(actor=request.user, region=region, **values)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Das Lernangebot ist angelegt."))
            return redirect(offer.get_absolute_url())
    return render(
        request,
        "knowledge/learning/offer_form.html",
        {"form": form, "offer": None, "breadcrumbs": _crumbs((_("Neues Lernangebot"), ""))},
        status=400 if form.is_bound else 200,
    )


def offer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change an offer; a concurrent change is shown side by side, never overwritten."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = selectors.offer_get_for_change(slug=slug, viewer=request.user)
    form = OfferForm(request.POST or None, criteria=selectors.criterion_choices(), offer=offer)
    context = {
        "offer": offer,
        "breadcrumbs": _crumbs((offer.title, offer.get_absolute_url()), (_("Bearbeiten"), "")),
    }
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.learning_offer_update(
                actor=request.user,
                offer=offer,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.service_values(),
            )
        except EditConflict as conflict:
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="knowledge/learning/offer_form.html",
                context=context,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(offer.get_absolute_url())
    return render(
        request,
        "knowledge/learning/offer_form.html",
        {**context, "form": form},
        status=400 if form.is_bound else 200,
    )


# --- learning paths ----------------------------------------------------------------------------


def path_list(request: HttpRequest) -> HttpResponse:
    """Learning paths per role."""
    return render(
        request,
        "knowledge/learning/path_list.html",
        {
            "paths": list(selectors.path_list()),
            "breadcrumbs": _crumbs((_("Lernpfade"), "")),
        },
    )


def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One learning path: its offers in order."""
    learning_path, steps = selectors.path_get(slug=slug, viewer=request.user)
    return render(
        request,
        "knowledge/learning/path_detail.html",
        {
            "path": learning_path,
            "steps": steps,
            "breadcrumbs": _crumbs(
                (_("Lernpfade"), reverse("knowledge:path_list")), (learning_path.title, "")
            ),
        },
    )


# --- participations ----------------------------------------------------------------------------


def participation_record(request: HttpRequest) -> HttpResponse:
    """A CDO records how many people of their municipality completed an offer."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipalities = _recordable_municipalities(request.user).order_by("name")
    if not municipalities.exists():
        raise PermissionDenied(services.PARTICIPATION_DENIED)
    offers = LearningOffer.objects.filter(is_published=True).order_by("title", "id")
    initial = {}
    wanted = request.GET.get("angebot")
    if wanted:
        initial["offer"] = wanted
    form = ParticipationForm(
        request.POST or None, offers=offers, municipalities=municipalities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.learning_participation_record(
                actor=request.user,
                offer=data["offer"],
                municipality=data["municipality"],
                participants=data["participants"],
                completed_on=data["completed_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Gespeichert: %(count)s Teilnehmende aus %(name)s bei „%(offer)s“.")
                % {
                    "count": data["participants"],
                    "name": data["municipality"].name,
                    "offer": data["offer"].title,
                },
            )
            return redirect(reverse("knowledge:participation_record"))
    recent = [
        (municipality, selectors.participation_list(municipality=municipality, limit=5))
        for municipality in list(municipalities[:3])
    ]
    return render(
        request,
        "knowledge/learning/participation_form.html",
        {
            "form": form,
            "recent": recent,
            "breadcrumbs": _crumbs((_("Teilnahmen erfassen"), "")),
        },
        status=400 if form.is_bound else 200,
    )


# --- competence overview -----------------------------------------------------------------------


def _chart(overview) -> str:
    total = overview.total or 1
    bars = [
        Bar(label=row.label, value=round(100 * row.total / total)) for row in overview.districts
    ]
    return mark_safe(  # built by the chart helper: every text in it is escaped
        bar_chart(
            _("Anteil der Kreise an allen Teilnahmen"),
            _(
                "Balkendiagramm: Anteil jedes Kreises an allen erfassten Teilnehmenden in "
                "%(region)s; die Zahlen stehen in der Tabelle darunter."
            )
            % {"region": overview.region.name},
            bars,
        )
    )


def competence_overview(request: HttpRequest) -> HttpResponse:
    """Where competence grows: participants per district, municipality, criterion and year."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    regions = list(_managed_regions(request.user))
    if not regions:
        raise PermissionDenied(
            _("Die Übersicht sehen die Regionaladministration und die Koordination der Netzwerke.")
        )
    wanted = request.GET.get("region")
    region = next((r for r in regions if r.slug == wanted), regions[0])
    if not request.user.has_perm("knowledge.view_competence", region):
        raise PermissionDenied
    overview = selectors.competence_overview(region=region)
    return render(
        request,
        "knowledge/learning/competence_overview.html",
        {
            "overview": overview,
            "region": region,
            "regions": regions,
            "chart": _chart(overview) if overview.total else "",
            "breadcrumbs": _crumbs((_("Kompetenzentwicklung"), "")),
        },
    )


urlpatterns = [
    path("lernen/", offer_list, name="offer_list"),
    path("lernen/angebote/neu/", offer_create, name="offer_create"),
    path("lernen/angebote/<slug:slug>/", offer_detail, name="offer_detail"),
    path("lernen/angebote/<slug:slug>/bearbeiten/", offer_edit, name="offer_edit"),
    path("lernen/lernpfade/", path_list, name="path_list"),
    path("lernen/lernpfade/<slug:slug>/", path_detail, name="path_detail"),
    path("lernen/teilnahmen/", participation_record, name="participation_record"),
    path("lernen/kompetenzentwicklung/", competence_overview, name="competence_overview"),
]
