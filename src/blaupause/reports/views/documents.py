"""Report pages: choose a format, follow a background build, download the file.

`urlpatterns` is collected by `reports/urls.py` (namespace `reports`).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..document import build_document
from ..forms import ReportRequestForm
from ..models import BuildStatus, ReportSubject

SUBJECT_TITLES = {
    ReportSubject.STRATEGY: lambda s: _("Strategiebericht: %(name)s") % {"name": s.title},
    ReportSubject.MUNICIPALITY: lambda s: _("Fortschrittsbericht: %(name)s") % {"name": s.name},
    ReportSubject.DISTRICT: lambda s: _("Fortschrittsbericht: %(name)s") % {"name": s.name},
    ReportSubject.NETWORK: lambda s: _("Fortschrittsbericht: %(name)s") % {"name": s.name},
}


def _session_key(request: HttpRequest) -> str:
    """The session that owns anonymous builds (created on the first request for a report)."""
    if request.user.is_authenticated:
        return ""
    if not request.session.session_key:
        request.session["reports"] = True
        request.session.save()
    return request.session.session_key or ""


@require_http_methods(["GET", "POST"])
def report_request(request: HttpRequest, subject_kind: str, key: str) -> HttpResponse:
    """Choose a format; small reports come back at once, large ones are built in the background."""
    subject = selectors.report_subject(subject_kind=subject_kind, key=key, viewer=request.user)
    title = SUBJECT_TITLES[subject_kind](subject)
    form = ReportRequestForm(request.POST or None)
    status = 200
    limit_error = ""
    if request.method == "POST":
        if form.is_valid():
            fmt = form.cleaned_data["format"]
            if services.builds_in_request(subject_kind=subject_kind, fmt=fmt):
                rendered = services.render_report(
                    subject_kind=subject_kind, subject=subject, fmt=fmt, viewer=request.user
                )
                response = HttpResponse(rendered.content, content_type=rendered.content_type)
                response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
                return response
            try:
                build = services.report_build_request(
                    actor=request.user,
                    session_key=_session_key(request),
                    subject_kind=subject_kind,
                    subject_key=selectors.subject_key(subject_kind, subject),
                    subject_label=title,
                    fmt=fmt,
                )
            except services.ReportLimitReached as error:
                limit_error = str(error)
                status = 429
            else:
                return redirect("reports:build_detail", build_uuid=build.uuid)
        else:
            status = 400
    document = build_document(subject_kind=subject_kind, subject=subject, viewer=request.user)
    return render(
        request,
        "reports/report_request.html",
        {
            "form": form,
            "title": title,
            "subject": subject,
            "document": document,
            "charts": document.charts(),
            "limit_error": limit_error,
            "presentation_strategy": subject if subject_kind == ReportSubject.STRATEGY else None,
            "back_url": subject.get_absolute_url(),
            "breadcrumbs": [
                (_("Start"), reverse("regions:home")),
                (
                    str(subject.title if subject_kind == ReportSubject.STRATEGY else subject.name),
                    subject.get_absolute_url(),
                ),
                (_("Bericht"), ""),
            ],
        },
        status=status,
    )


def build_detail(request: HttpRequest, build_uuid) -> HttpResponse:
    """How far a build is; HTMX asks every two seconds for the status part until it is done."""
    services.report_builds_housekeeping()
    build = selectors.report_build_get(
        build_uuid=build_uuid, viewer=request.user, session_key=request.session.session_key or ""
    )
    context = {"build": build}
    if getattr(request, "htmx", False):
        return render(request, "reports/partials/build_status.html", context)
    context["breadcrumbs"] = [(_("Start"), reverse("regions:home")), (build.subject_label, "")]
    return render(request, "reports/build_detail.html", context)


@require_POST
def build_retry(request: HttpRequest, build_uuid) -> HttpResponse:
    build = selectors.report_build_get(
        build_uuid=build_uuid, viewer=request.user, session_key=request.session.session_key or ""
    )
    services.report_build_retry(build=build)
    return redirect("reports:build_detail", build_uuid=build.uuid)


def build_download(request: HttpRequest, build_uuid) -> FileResponse:
    build = selectors.report_build_get(
        build_uuid=build_uuid, viewer=request.user, session_key=request.session.session_key or ""
    )
    if build.status != BuildStatus.DONE or not build.file:
        raise Http404(_("Dieser Bericht ist noch nicht fertig."))
    response = FileResponse(
        build.file.open("rb"), as_attachment=True, filename=build.filename or build.file.name
    )
    response["Content-Type"] = services.CONTENT_TYPES.get(build.format, "application/octet-stream")
    return response


def _subject_view(subject_kind: str, kwarg: str):
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        return report_request(request, subject_kind, kwargs[kwarg])

    return view


urlpatterns = [
    path(
        "strategien/<slug:slug>/bericht/",
        _subject_view(ReportSubject.STRATEGY, "slug"),
        name="strategy_report",
    ),
    path(
        "kommunen/<str:ags>/bericht/",
        _subject_view(ReportSubject.MUNICIPALITY, "ags"),
        name="municipality_report",
    ),
    path(
        "kreise/<slug:slug>/bericht/",
        _subject_view(ReportSubject.DISTRICT, "slug"),
        name="district_report",
    ),
    path(
        "netzwerke/<slug:slug>/bericht/",
        _subject_view(ReportSubject.NETWORK, "slug"),
        name="network_report",
    ),
    path("berichte/<uuid:build_uuid>/", build_detail, name="build_detail"),
    path("berichte/<uuid:build_uuid>/download", build_download, name="build_download"),
    path("berichte/<uuid:build_uuid>/erneut", build_retry, name="build_retry"),
]
