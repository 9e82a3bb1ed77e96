"""Views of the collaboration app: synergy suggestions — list, detail, dismiss, convert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from blaupause.regions.models import Municipality

from ..forms.synergy import SuggestionConvertForm, SuggestionDismissForm
from ..selectors.synergy import suggestion_get_for_viewer, suggestion_list_for_viewer
from ..services.synergy import suggestion_convert, suggestion_dismiss
from ..synergy.wording import reason_lines

LIST_LIMIT = 100


def _crumbs(*extra):
    return [
        (_("Start"), reverse("regions:home")),
        (_("Synergien"), reverse("collaboration:suggestion_list")),
        *extra,
    ]


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """Open suggestions for the person's municipalities, networks and region (or one
    municipality with ?kommune=AGS); ?ausgeblendet=1 shows the hidden ones too."""
    municipality = None
    ags = request.GET.get("kommune", "").strip()
    if ags:
        municipality = Municipality.objects.filter(ags=ags[:8]).first()
        if municipality is None:
            raise Http404
    include_dismissed = request.GET.get("ausgeblendet") == "1"
    suggestions = list(
        suggestion_list_for_viewer(
            viewer=request.user, municipality=municipality, include_dismissed=include_dismissed
        )[:LIST_LIMIT]
    )
    return render(
        request,
        "collaboration/synergy/suggestion_list.html",
        {
            "suggestions": suggestions,
            "municipality": municipality,
            "include_dismissed": include_dismissed,
            "limit": LIST_LIMIT,
            "breadcrumbs": [(_("Start"), reverse("regions:home")), (_("Synergien"), "")],
        },
    )


def _dismiss_choices(user, suggestion):
    cdo_ids = user.roles.cdo_municipality_ids
    municipalities = [
        m for m in suggestion.municipalities.all() if user.is_superuser or m.pk in cdo_ids
    ]
    regional = bool(
        user.is_superuser
        or (suggestion.region_id and suggestion.region_id in user.roles.regional_admin_region_ids)
    )
    dismissed = {d.municipality_id for d in suggestion.dismissals.all()}
    municipalities = [m for m in municipalities if m.pk not in dismissed]
    return municipalities, regional and None not in dismissed


def _convert_choices(user, suggestion):
    cdo_ids = user.roles.cdo_municipality_ids
    return [m for m in suggestion.municipalities.all() if user.is_superuser or m.pk in cdo_ids]


def _can_convert(user, suggestion) -> bool:
    return (
        suggestion.status == "open"
        and suggestion.kind != "join_project"
        and user.has_perm("collaboration.convert_suggestion", suggestion)
    )


@login_required
def suggestion_detail(request: HttpRequest, uuid) -> HttpResponse:
    """One suggestion with its reasons, what each municipality plans, and the actions."""
    suggestion = suggestion_get_for_viewer(viewer=request.user, uuid=uuid)
    municipalities, regional = _dismiss_choices(request.user, suggestion)
    can_dismiss = request.user.has_perm("collaboration.dismiss_suggestion", suggestion) and (
        municipalities or regional
    )
    return render(
        request,
        "collaboration/synergy/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "reasons": reason_lines(suggestion.reasons),
            "can_dismiss": can_dismiss,
            "can_convert": _can_convert(request.user, suggestion),
            "breadcrumbs": _crumbs((suggestion.title, "")),
        },
    )


@login_required
def suggestion_dismiss_view(request: HttpRequest, uuid) -> HttpResponse:
    """Hide a suggestion for one of the person's municipalities or the regional view."""
    suggestion = suggestion_get_for_viewer(viewer=request.user, uuid=uuid)
    if not request.user.has_perm("collaboration.dismiss_suggestion", suggestion):
        raise PermissionDenied
    municipalities, regional = _dismiss_choices(request.user, suggestion)
    if not municipalities and not regional:
        messages.info(request, _("Dieser Vorschlag ist für Sie bereits ausgeblendet."))
        return redirect("collaboration:suggestion_detail", uuid=suggestion.uuid)
    form = SuggestionDismissForm(
        request.POST or None, municipalities=municipalities, regional=regional
    )
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_dismiss(
                actor=request.user,
                suggestion=suggestion,
                municipality=form.selected_municipality(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Der Vorschlag ist ausgeblendet. Ihr Grund ist gespeichert.")
            )
            return redirect("collaboration:suggestion_list")
    return render(
        request,
        "collaboration/synergy/suggestion_dismiss.html",
        {
            "suggestion": suggestion,
            "form": form,
            "breadcrumbs": _crumbs(
                (
                    suggestion.title,
                    reverse("collaboration:suggestion_detail", args=[suggestion.uuid]),
                ),
                (_("Ausblenden"), ""),
            ),
        },
    )


@login_required
def suggestion_convert_view(request: HttpRequest, uuid) -> HttpResponse:
    """Start a joint project from the suggestion in one step; the others are invited."""
    suggestion = suggestion_get_for_viewer(viewer=request.user, uuid=uuid)
    if not request.user.has_perm("collaboration.convert_suggestion", suggestion):
        raise PermissionDenied
    if not _can_convert(request.user, suggestion):
        messages.info(request, _("Aus diesem Vorschlag kann kein neues Projekt mehr werden."))
        return redirect("collaboration:suggestion_detail", uuid=suggestion.uuid)
    from ..services.synergy import _default_project_title

    form = SuggestionConvertForm(
        request.POST or None,
        municipalities=_convert_choices(request.user, suggestion),
        initial={"title": _default_project_title(suggestion), "version": suggestion.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = suggestion_convert(
                actor=request.user,
                suggestion=suggestion,
                lead_municipality=form.selected_lead(),
                title=form.cleaned_data["title"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Das Projekt ist angelegt. Die anderen Kommunen sind als Partner eingeladen."),
            )
            return redirect(project.get_absolute_url())
    others = [m for m in suggestion.municipalities.all()]
    return render(
        request,
        "collaboration/synergy/suggestion_convert.html",
        {
            "suggestion": suggestion,
            "form": form,
            "municipalities": others,
            "breadcrumbs": _crumbs(
                (
                    suggestion.title,
                    reverse("collaboration:suggestion_detail", args=[suggestion.uuid]),
                ),
                (_("Projekt starten"), ""),
            ),
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    mapping = {"reason": "reason", "title": "title", "lead_municipality": "lead"}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = mapping.get(field)
            for message in errors:
                form.add_error(name if name in form.fields else None, message.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


urlpatterns = [
    path("synergien/", suggestion_list, name="suggestion_list"),
    path("synergien/<uuid:uuid>/", suggestion_detail, name="suggestion_detail"),
    path("synergien/<uuid:uuid>/ausblenden/", suggestion_dismiss_view, name="suggestion_dismiss"),
    path("synergien/<uuid:uuid>/projekt/", suggestion_convert_view, name="suggestion_convert"),
]
