"""Views of joint projects: list, page, start, change, partners, cost split, work plan and
documents. Thin: parse input, check the permission, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.forms import add_service_errors
from blaupause.regions.models import Municipality

from ..constants import AgreementStatus, PartnerStatus
from ..forms.projects import (
    AgreementStatusForm,
    CostSplitForm,
    DocumentForm,
    InviteForm,
    MilestoneForm,
    ProjectCreateForm,
    ProjectEditForm,
    RespondForm,
    WorkPackageForm,
)
from ..models import ProjectDocument, ProjectMilestone, WorkPackage
from ..selectors import projects as selectors
from ..services import projects as services

FOLLOW_KEY = "collaboration.jointproject"


def _crumbs(*items) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Gemeinsame Projekte"), reverse("collaboration:project_list")),
        *items,
    ]


def _project_crumbs(project, *items):
    if items:
        return _crumbs((project.title, project.get_absolute_url()), *items)
    return _crumbs((project.title, ""))


def _can_follow() -> bool:
    try:
        from blaupause.notifications.constants import FOLLOWABLE
    except ImportError:  # pragma: no cover - the notifications app is part of the project
        return False
    return FOLLOW_KEY in FOLLOWABLE


# --- list and page -----------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    """All projects the visitor may see, filtered by agreement status and municipality."""
    status = request.GET.get("status", "")
    if status not in AgreementStatus.values:
        status = ""
    municipality = None
    ags = request.GET.get("kommune", "")
    if ags:
        municipality = Municipality.objects.filter(ags=ags).first()
    projects = list(
        selectors.project_list(viewer=request.user, status=status, municipality=municipality)
    )
    return render(
        request,
        "collaboration/projects/project_list.html",
        {
            "projects": projects,
            "statuses": AgreementStatus.choices,
            "status": status,
            "municipality": municipality,
            "ags": ags,
            "municipalities": selectors.filter_municipalities(viewer=request.user),
            "can_start": request.user.is_authenticated
            and selectors.lead_choices(viewer=request.user).exists(),
            "breadcrumbs": _crumbs(),
        },
    )


def project_detail(request: HttpRequest, uuid) -> HttpResponse:
    """Public summary for everyone who may see the project; the internals for the partners."""
    project = selectors.project_get(uuid=uuid, viewer=request.user)
    page = selectors.project_page(project=project, viewer=request.user)
    context = {
        "project": project,
        "page": page,
        "can_follow": _can_follow(),
        "breadcrumbs": _project_crumbs(project),
    }
    if page.can_change:
        context["invite_form"] = InviteForm(choices=selectors.invite_choices(project=project))
        context["agreement_form"] = AgreementStatusForm(
            initial={"version": project.version, "status": project.agreement_status}
        )
    if page.my_invitations:
        context["respond_form"] = RespondForm()
    return render(request, "collaboration/projects/project_detail.html", context)


# --- start and change --------------------------------------------------------------------------


def project_create(request: HttpRequest) -> HttpResponse:
    """Start a project: lead, partners to invite, measure and the rest."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    leads = selectors.lead_choices(viewer=request.user)
    if not leads.exists():
        raise PermissionDenied(services.PROJECT_DENIED)
    lead = leads.first()
    region_id = lead.district.region_id if lead is not None else None
    initial = {}
    measure_id = request.GET.get("massnahme")
    if measure_id and measure_id.isdigit():
        initial["measure"] = measure_id
    form = ProjectCreateForm(
        request.POST or None,
        lead_choices=leads,
        partner_choices=selectors.invite_choices(region_id=region_id),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_values()
        try:
            project = services.project_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as denied:
            form.add_error("lead_municipality", str(denied))
        else:
            messages.success(
                request, _("Das Projekt ist angelegt. Die Partnerkommunen sind eingeladen.")
            )
            return redirect(project.get_absolute_url())
    return render(
        request,
        "collaboration/projects/project_form.html",
        {"form": form, "project": None, "breadcrumbs": _crumbs((_("Neues Projekt"), ""))},
        status=400 if form.is_bound else 200,
    )


def project_edit(request: HttpRequest, uuid) -> HttpResponse:
    """Change a project; a concurrent change is shown side by side, never overwritten."""
    project = selectors.project_get_for_change(uuid=uuid, viewer=request.user)
    form = ProjectEditForm(request.POST or None, project=project)
    context = {
        "project": project,
        "breadcrumbs": _project_crumbs(project, (_("Bearbeiten"), "")),
    }
    template = "collaboration/projects/project_form.html"
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                **form.service_values(),
            )
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen sind gespeichert."))
            return redirect(project.get_absolute_url())
    return render(
        request, template, {**context, "form": form}, status=400 if form.is_bound else 200
    )


@require_POST
def project_agreement(request: HttpRequest, uuid) -> HttpResponse:
    project = selectors.project_get_for_change(uuid=uuid, viewer=request.user)
    form = AgreementStatusForm(request.POST)
    if form.is_valid():
        try:
            services.project_agreement_status_set(
                actor=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            )
        except EditConflict:
            messages.error(
                request,
                _(
                    "Jemand anderes hat das Projekt inzwischen geändert. Bitte prüfen Sie den "
                    "Stand und wählen Sie erneut."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Der Stand der Vereinbarung ist gespeichert."))
    else:
        messages.error(request, _("Bitte wählen Sie einen der Schritte."))
    return redirect(project.get_absolute_url() + "#vereinbarung")


@require_POST
def project_commitments(request: HttpRequest, uuid) -> HttpResponse:
    """Enter the missing commitments to the project's measure, as far as the person may."""
    project = selectors.project_get(uuid=uuid, viewer=request.user)
    if not request.user.has_perm("collaboration.view_project_internal", project):
        raise Http404
    result = services.project_commitments_sync(actor=request.user, project=project)
    done = result.created + result.raised
    if done:
        messages.success(
            request,
            _("Beteiligungen eingetragen für: %(names)s.") % {"names": ", ".join(done)},
        )
    for name, reason in result.skipped:
        messages.warning(
            request,
            _("%(municipality)s: nicht eingetragen – %(reason)s")
            % {"municipality": name, "reason": reason},
        )
    if not done and not result.skipped:
        messages.info(request, _("Alle Beteiligungen sind bereits eingetragen."))
    return redirect(project.get_absolute_url() + "#partner")


# --- partners ----------------------------------------------------------------------------------


def partner_invite(request: HttpRequest, uuid) -> HttpResponse:
    project = selectors.project_get_for_change(uuid=uuid, viewer=request.user)
    form = InviteForm(request.POST or None, choices=selectors.invite_choices(project=project))
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        try:
            services.partner_invite(actor=request.user, project=project, municipality=municipality)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(municipality)s ist eingeladen.") % {"municipality": municipality.name}
            )
            return redirect(project.get_absolute_url() + "#partner")
    return render(
        request,
        "collaboration/projects/partner_invite.html",
        {
            "project": project,
            "form": form,
            "breadcrumbs": _project_crumbs(project, (_("Kommune einladen"), "")),
        },
        status=400 if form.is_bound else 200,
    )


def partner_respond(request: HttpRequest, uuid, partner_uuid) -> HttpResponse:
    """Accept or decline an invitation, for the CDOs of the invited municipality."""
    project = selectors.project_get(uuid=uuid, viewer=request.user)
    partner = next((p for p in project.partners.all() if p.uuid == partner_uuid), None)
    if partner is None:
        raise Http404(_("Diese Einladung gibt es nicht."))
    if not request.user.has_perm("collaboration.respond_partner", partner):
        raise PermissionDenied(
            _(
                "Auf die Einladung antworten nur die Digitalverantwortlichen der eingeladenen "
                "Kommune."
            )
        )
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.partner_respond(
                actor=request.user,
                partner=partner,
                accept=accept,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if accept:
                messages.success(request, _("Ihre Kommune macht mit. Willkommen im Projekt!"))
            else:
                messages.success(request, _("Ihre Absage ist gespeichert."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "collaboration/projects/partner_respond.html",
        {
            "project": project,
            "partner": partner,
            "form": form,
            "breadcrumbs": _project_crumbs(project, (_("Einladung beantworten"), "")),
        },
        status=400 if form.is_bound else 200,
    )


# --- cost split --------------------------------------------------------------------------------


def project_costs(request: HttpRequest, uuid) -> HttpResponse:
    """Choose the cost split; custom shares must add up to exactly 100 %."""
    project = selectors.project_get_for_change(uuid=uuid, viewer=request.user)
    partners = [p for p in project.partners.all() if p.status == PartnerStatus.ACCEPTED]
    form = CostSplitForm(request.POST or None, project=project, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_cost_split_set(
                actor=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                method=form.cleaned_data["method"],
                shares=form.shares(),
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Jemand anderes hat das Projekt inzwischen geändert. Prüfen Sie die "
                    "Aufteilung und speichern Sie erneut."
                ),
            )
            data = form.data.copy()
            data["version"] = str(type(project).all_objects.get(pk=project.pk).version)
            form.data = data
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Kostenaufteilung ist gespeichert."))
            return redirect(project.get_absolute_url() + "#kosten")
    return render(
        request,
        "collaboration/projects/cost_split_form.html",
        {
            "project": project,
            "form": form,
            "costs": selectors.cost_split_rows(project, partners),
            "breadcrumbs": _project_crumbs(project, (_("Kostenaufteilung"), "")),
        },
        status=400 if form.is_bound else 200,
    )


# --- work packages and milestones --------------------------------------------------------------


def _owner_choices(project):
    return Municipality.objects.filter(
        project_partnerships__project=project,
        project_partnerships__status=PartnerStatus.ACCEPTED,
    ).order_by("name")


def _part_form_page(
    request: HttpRequest, *, form, template: str, context: dict, save, saved: str, done_url: str
) -> HttpResponse:
    """The form page of a project part (work package, milestone): on a valid POST `save(values,
    expected version)` through the service; a concurrent edit shows the conflict page, service
    errors stand on the form, success returns to the project's section."""
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version", None) or 0
        try:
            save(values, version)
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(done_url)
    return render(
        request, template, {**context, "form": form}, status=400 if form.is_bound else 200
    )


def work_package_form(request: HttpRequest, uuid, package_uuid=None) -> HttpResponse:
    """Add a work package, or change one (with version check)."""
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    package = None
    if package_uuid is not None:
        package = WorkPackage.objects.filter(project=project, uuid=package_uuid).first()
        if package is None:
            raise Http404(_("Dieses Arbeitspaket gibt es nicht."))
    initial = {}
    if package is not None:
        initial = {
            "version": package.version,
            "title": package.title,
            "description": package.description,
            "owner_municipality": package.owner_municipality_id,
            "due_on": package.due_on,
            "status": package.status,
        }
    form = WorkPackageForm(
        request.POST or None, owner_choices=_owner_choices(project), initial=initial
    )
    context = {
        "project": project,
        "package": package,
        "breadcrumbs": _project_crumbs(
            project, (_("Arbeitspaket bearbeiten") if package else _("Neues Arbeitspaket"), "")
        ),
    }

    def save(values: dict, version: int) -> None:
        if package is None:
            services.work_package_create(actor=request.user, project=project, **values)
        else:
            services.work_package_update(
                actor=request.user, work_package=package, expected_version=version, **values
            )

    return _part_form_page(
        request,
        form=form,
        template="collaboration/projects/work_package_form.html",
        context=context,
        save=save,
        saved=_("Das Arbeitspaket ist gespeichert."),
        done_url=project.get_absolute_url() + "#arbeitspakete",
    )


@require_POST
def work_package_delete(request: HttpRequest, uuid, package_uuid) -> HttpResponse:
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    package = WorkPackage.objects.filter(project=project, uuid=package_uuid).first()
    if package is None:
        raise Http404(_("Dieses Arbeitspaket gibt es nicht."))
    services.work_package_delete(actor=request.user, work_package=package)
    messages.success(request, _("„%(title)s“ ist entfernt.") % {"title": package.title})
    return redirect(project.get_absolute_url() + "#arbeitspakete")


def milestone_form(request: HttpRequest, uuid, milestone_uuid=None) -> HttpResponse:
    """Add a milestone, or change one (e.g. mark it reached)."""
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    milestone = None
    if milestone_uuid is not None:
        milestone = ProjectMilestone.objects.filter(project=project, uuid=milestone_uuid).first()
        if milestone is None:
            raise Http404(_("Diesen Meilenstein gibt es nicht."))
    initial = {}
    if milestone is not None:
        initial = {
            "version": milestone.version,
            "title": milestone.title,
            "due_on": milestone.due_on,
            "reached_on": milestone.reached_on,
        }
    form = MilestoneForm(request.POST or None, initial=initial)
    context = {
        "project": project,
        "milestone": milestone,
        "breadcrumbs": _project_crumbs(
            project, (_("Meilenstein bearbeiten") if milestone else _("Neuer Meilenstein"), "")
        ),
    }

    def save(values: dict, version: int) -> None:
        if milestone is None:
            services.milestone_create(actor=request.user, project=project, **values)
        else:
            services.milestone_update(
                actor=request.user, milestone=milestone, expected_version=version, **values
            )

    return _part_form_page(
        request,
        form=form,
        template="collaboration/projects/milestone_form.html",
        context=context,
        save=save,
        saved=_("Der Meilenstein ist gespeichert."),
        done_url=project.get_absolute_url() + "#meilensteine",
    )


@require_POST
def milestone_delete(request: HttpRequest, uuid, milestone_uuid) -> HttpResponse:
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    milestone = ProjectMilestone.objects.filter(project=project, uuid=milestone_uuid).first()
    if milestone is None:
        raise Http404(_("Diesen Meilenstein gibt es nicht."))
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, _("„%(title)s“ ist entfernt.") % {"title": milestone.title})
    return redirect(project.get_absolute_url() + "#meilensteine")


# --- documents ---------------------------------------------------------------------------------


def document_upload(request: HttpRequest, uuid) -> HttpResponse:
    """Upload a document; the type is checked by its content."""
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                project=project,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Das Dokument ist hochgeladen."))
            return redirect(project.get_absolute_url() + "#dokumente")
    return render(
        request,
        "collaboration/projects/document_form.html",
        {
            "project": project,
            "form": form,
            "breadcrumbs": _project_crumbs(project, (_("Dokument hochladen"), "")),
        },
        status=400 if form.is_bound else 200,
    )


def document_download(request: HttpRequest, uuid, document_uuid) -> FileResponse:
    """A document as download, only for those who see the project's internals."""
    project = selectors.project_get(uuid=uuid, viewer=request.user)
    if not request.user.has_perm("collaboration.view_project_internal", project):
        raise Http404(_("Dieses Dokument gibt es nicht."))
    document = ProjectDocument.objects.filter(project=project, uuid=document_uuid).first()
    if document is None or not document.file:
        raise Http404(_("Dieses Dokument gibt es nicht."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Dieses Dokument gibt es nicht.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or "dokument",
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_delete(request: HttpRequest, uuid, document_uuid) -> HttpResponse:
    project = selectors.project_get_for_work(uuid=uuid, viewer=request.user)
    document = ProjectDocument.objects.filter(project=project, uuid=document_uuid).first()
    if document is None:
        raise Http404(_("Dieses Dokument gibt es nicht."))
    services.document_delete(actor=request.user, document=document)
    messages.success(request, _("„%(title)s“ ist entfernt.") % {"title": document.title})
    return redirect(project.get_absolute_url() + "#dokumente")


_P = "projekte/<uuid:uuid>/"

urlpatterns = [
    path("projekte/", project_list, name="project_list"),
    path("projekte/neu/", project_create, name="project_create"),
    path(_P, project_detail, name="project_detail"),
    path(f"{_P}bearbeiten/", project_edit, name="project_edit"),
    path(f"{_P}vereinbarung/", project_agreement, name="project_agreement"),
    path(f"{_P}beteiligungen/", project_commitments, name="project_commitments"),
    path(f"{_P}kosten/", project_costs, name="project_costs"),
    path(f"{_P}einladen/", partner_invite, name="partner_invite"),
    path(f"{_P}einladung/<uuid:partner_uuid>/", partner_respond, name="partner_respond"),
    path(f"{_P}arbeitspakete/neu/", work_package_form, name="work_package_create"),
    path(f"{_P}arbeitspakete/<uuid:package_uuid>/", work_package_form, name="work_package_edit"),
    path(
        f"{_P}arbeitspakete/<uuid:package_uuid>/entfernen/",
        work_package_delete,
        name="work_package_delete",
    ),
    path(f"{_P}meilensteine/neu/", milestone_form, name="milestone_create"),
    path(f"{_P}meilensteine/<uuid:milestone_uuid>/", milestone_form, name="milestone_edit"),
    path(
        f"{_P}meilensteine/<uuid:milestone_uuid>/entfernen/",
        milestone_delete,
        name="milestone_delete",
    ),
    path(f"{_P}dokumente/neu/", document_upload, name="document_upload"),
    path(f"{_P}dokumente/<uuid:document_uuid>/", document_download, name="document_download"),
    path(
        f"{_P}dokumente/<uuid:document_uuid>/entfernen/",
        document_delete,
        name="document_delete",
    ),
]
