"""A network's governance page (public) and its edit pages (coordination, regional admins)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blaupause.commitments.services import max_upload_mb_text
from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.forms import add_service_errors

from . import selectors_governance as selectors
from . import services_governance as services
from .forms_governance import GovernanceForm, MandateDocumentForm, WorkingGroupForm
from .models import Network, WorkingGroup
from .services import NETWORK_DENIED

GOVERNANCE_ANCHOR = "#organisation"


def _crumbs(network: Network, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Netzwerke"), reverse("regions:network_list")),
        (network.name, network.get_absolute_url()),
        *items,
    ]


def _editable_network(request: HttpRequest, slug: str) -> Network:
    """The network, if the user may change it: 403 for others (the page itself is public)."""
    network = selectors.governance_network_get(slug=slug)
    if not request.user.has_perm("regions.change_network", network):
        raise PermissionDenied(NETWORK_DENIED)
    return network


def _mandate_form(data=None, files=None) -> MandateDocumentForm:
    return MandateDocumentForm(data, files, limit_mb=max_upload_mb_text())


# --- the public page ---------------------------------------------------------------------------


def network_governance(request: HttpRequest, slug: str) -> HttpResponse:
    """Members and their roles, coordination, working groups and mandate of a network."""
    network = selectors.governance_network_get(slug=slug)
    page = selectors.governance_page(network=network, viewer=request.user)
    return render(
        request,
        "regions/network_governance.html",
        {
            "page": page,
            "network": network,
            "can_edit": request.user.has_perm("regions.change_network", network),
            "breadcrumbs": _crumbs(network, (_("Organisation"), "")),
            "nav_active": "networks",
        },
    )


def network_mandate_download(request: HttpRequest, slug: str) -> FileResponse:
    """The mandate document as a download (public, like the page)."""
    network = selectors.governance_network_get(slug=slug)
    if not network.mandate_file:
        raise Http404(_("Zu diesem Auftrag gibt es kein Dokument."))
    try:
        handle = network.mandate_file.open("rb")
    except (OSError, ValueError):
        raise Http404(_("Diese Datei ist nicht mehr vorhanden.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=network.mandate_file_name or "auftrag",
        content_type=network.mandate_file_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- coordination, meeting rhythm, mandate -----------------------------------------------------


def _governance_context(network: Network, form, mandate_form) -> dict:
    return {
        "network": network,
        "form": form,
        "mandate_form": mandate_form,
        "breadcrumbs": _crumbs(
            network, (_("Organisation"), network.get_governance_url()), (_("Bearbeiten"), "")
        ),
        "nav_active": "networks",
    }


def network_governance_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordination, meeting rhythm and mandate: the coordination and regional admins only."""
    if not request.user.is_authenticated:
        selectors.governance_network_get(slug=slug)  # 404 before asking to log in
        return redirect_to_login(request.get_full_path())
    network = _editable_network(request, slug)
    form = GovernanceForm(
        request.POST or None,
        instance=copy.copy(network),  # the service compares against the unchanged object
        member_choices=selectors.working_group_member_choices(network=network),
    )
    context = _governance_context(network, form, _mandate_form())
    template = "regions/governance_form.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.network_governance_update(
                actor=request.user,
                network=network,
                coordinating_body=data["coordinating_body"],
                coordinating_municipality=data["coordinating_municipality"],
                meeting_rhythm=data["meeting_rhythm"],
                mandate_title=data["mandate_title"],
                mandate_body=data["mandate_body"],
                mandate_date=data["mandate_date"],
                mandate_date_note=data["mandate_date_note"],
                mandate_url=data["mandate_url"],
                mandate_description=data["mandate_description"],
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Organisation des Netzwerks wurde gespeichert."))
            return redirect(network.get_governance_url())
    return render(request, template, context)


@login_required
@require_POST
def network_mandate_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload or replace the mandate document; errors are shown on the edit page."""
    network = _editable_network(request, slug)
    mandate_form = _mandate_form(request.POST, request.FILES)
    if mandate_form.is_valid():
        try:
            services.network_mandate_document_set(
                actor=request.user, network=network, upload=mandate_form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(mandate_form, error)
        else:
            messages.success(request, _("Das Dokument zum Auftrag wurde gespeichert."))
            return redirect(reverse("regions:network_governance_edit", args=[slug]) + "#dokument")
    form = GovernanceForm(
        instance=copy.copy(network),
        member_choices=selectors.working_group_member_choices(network=network),
    )
    return render(
        request,
        "regions/governance_form.html",
        _governance_context(network, form, mandate_form),
        status=400,
    )


@login_required
@require_POST
def network_mandate_remove(request: HttpRequest, slug: str) -> HttpResponse:
    network = _editable_network(request, slug)
    services.network_mandate_document_remove(actor=request.user, network=network)
    messages.success(request, _("Das Dokument zum Auftrag wurde entfernt."))
    return redirect(reverse("regions:network_governance_edit", args=[slug]) + "#dokument")


# --- working groups ----------------------------------------------------------------------------


def _group_form(request: HttpRequest, network: Network, instance) -> WorkingGroupForm:
    return WorkingGroupForm(
        request.POST or None,
        instance=instance,
        member_choices=selectors.working_group_member_choices(network=network),
        people_choices=selectors.working_group_people_choices(network=network),
    )


def _group_context(network: Network, form, group=None) -> dict:
    title = _("Arbeitsgruppe bearbeiten") if group else _("Neue Arbeitsgruppe")
    return {
        "network": network,
        "group": group,
        "form": form,
        "title": title,
        "breadcrumbs": _crumbs(
            network, (_("Organisation"), network.get_governance_url()), (title, "")
        ),
        "nav_active": "networks",
    }


def working_group_create(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        selectors.governance_network_get(slug=slug)
        return redirect_to_login(request.get_full_path())
    network = _editable_network(request, slug)
    form = _group_form(request, network, WorkingGroup(network=network))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.working_group_create(
                actor=request.user,
                network=network,
                name=data["name"],
                topics=data["topics"],
                description=data["description"],
                lead=data["lead"],
                municipalities=data["group_municipalities"],
                people=data["group_people"],
                meeting_rhythm=data["meeting_rhythm"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Die Arbeitsgruppe „%(name)s“ wurde angelegt.") % {"name": group.name}
            )
            return redirect(group.get_absolute_url())
    return render(request, "regions/working_group_form.html", _group_context(network, form))


def working_group_edit(request: HttpRequest, slug: str, group_uuid) -> HttpResponse:
    if not request.user.is_authenticated:
        selectors.governance_network_get(slug=slug)
        return redirect_to_login(request.get_full_path())
    network = _editable_network(request, slug)
    group = selectors.working_group_get(network=network, uuid=group_uuid)
    form = _group_form(request, network, copy.copy(group))
    context = _group_context(network, form, group)
    template = "regions/working_group_form.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.working_group_update(
                actor=request.user,
                group=group,
                name=data["name"],
                topics=data["topics"],
                description=data["description"],
                lead=data["lead"],
                municipalities=data["group_municipalities"],
                people=data["group_people"],
                meeting_rhythm=data["meeting_rhythm"],
                expected_version=data["version"],
            )
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Arbeitsgruppe „%(name)s“ wurde gespeichert.") % {"name": group.name},
            )
            return redirect(group.get_absolute_url())
    return render(request, template, context)


@login_required
@require_POST
def working_group_end(request: HttpRequest, slug: str, group_uuid) -> HttpResponse:
    network = _editable_network(request, slug)
    group = selectors.working_group_get(network=network, uuid=group_uuid)
    services.working_group_end(actor=request.user, group=group)
    messages.success(
        request, _("Die Arbeitsgruppe „%(name)s“ ist als beendet markiert.") % {"name": group.name}
    )
    return redirect(group.get_absolute_url())


@login_required
@require_POST
def working_group_delete(request: HttpRequest, slug: str, group_uuid) -> HttpResponse:
    """Remove a working group (soft: the regional administration can restore it)."""
    network = _editable_network(request, slug)
    group = selectors.working_group_get(network=network, uuid=group_uuid)
    services.working_group_delete(actor=request.user, group=group)
    messages.success(
        request, _("Die Arbeitsgruppe „%(name)s“ wurde entfernt.") % {"name": group.name}
    )
    return redirect(network.get_governance_url() + "#arbeitsgruppen")


_PREFIX = "netzwerke/<slug:slug>/organisation/"
_GROUP = _PREFIX + "arbeitsgruppen/<uuid:group_uuid>/"

#: Included by `regions/urls.py` (namespace `regions`).
urlpatterns = [
    path(_PREFIX, network_governance, name="network_governance"),
    path(_PREFIX + "bearbeiten/", network_governance_edit, name="network_governance_edit"),
    path(_PREFIX + "auftrag/", network_mandate_upload, name="network_mandate_upload"),
    path(_PREFIX + "auftrag/entfernen/", network_mandate_remove, name="network_mandate_remove"),
    path(_PREFIX + "auftrag/dokument/", network_mandate_download, name="network_mandate_download"),
    path(_PREFIX + "arbeitsgruppen/neu/", working_group_create, name="working_group_create"),
    path(_GROUP + "bearbeiten/", working_group_edit, name="working_group_edit"),
    path(_GROUP + "beenden/", working_group_end, name="working_group_end"),
    path(_GROUP + "entfernen/", working_group_delete, name="working_group_delete"),
]
