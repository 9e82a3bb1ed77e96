"""Writes of the reports app: request a report, build it (in the background or right away).

A report is built from the data its requester may see; anonymous requests see public data only.
At most `MAX_IN_FLIGHT` builds per requester and `MAX_QUEUED` overall wait at any time, so that
nobody can keep the worker busy; finished files are removed after `KEEP_DAYS`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.audit import audit_record

from .document import build_document
from .models import BuildStatus, ReportBuild, ReportFormat, ReportKind, ReportSubject

logger = logging.getLogger(__name__)

MAX_IN_FLIGHT = 3
MAX_QUEUED = 50
#: A build still queued or running after this long was interrupted (a worker was killed or
#: restarted): it is shown as failed and can be asked for again.
STALE_AFTER = timedelta(minutes=15)
#: A running build whose heartbeat is older than this lost its worker; it is queued again.
ORPHAN_AFTER = timedelta(minutes=2)
#: How often a build is tried before it is shown as failed.
MAX_ATTEMPTS = 3
KEEP_DAYS = 7

CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.MARKDOWN: "text/markdown; charset=utf-8",
}


class ReportLimitReached(Exception):
    """Too many reports are being built; the message is for the user (German)."""


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    filename: str
    content_type: str


def render_report(*, subject_kind: str, subject, fmt: str, viewer) -> RenderedReport:
    """Build the document for `viewer` and render it in `fmt`: no file is stored."""
    document = build_document(subject_kind=subject_kind, subject=subject, viewer=viewer)
    if fmt == ReportFormat.PDF:
        from .render_pdf import render_pdf

        content = render_pdf(document)
    elif fmt == ReportFormat.DOCX:
        from .render_docx import render_docx

        content = render_docx(document)
    else:
        from .render_markdown import render_markdown

        content = render_markdown(document).encode("utf-8")
    return RenderedReport(
        content=content,
        filename=f"{document.filename_stem}.{fmt}",
        content_type=CONTENT_TYPES[ReportFormat(fmt)],
    )


def builds_in_request(*, subject_kind: str, fmt: str) -> bool:
    """Small documents are built right in the request: Markdown, a municipality's report."""
    return fmt == ReportFormat.MARKDOWN or subject_kind == ReportSubject.MUNICIPALITY


def report_builds_recover(*, now=None) -> int:
    """Queue again the builds whose worker died while building them; returns how many.

    A build that has been tried `MAX_ATTEMPTS` times is marked failed instead. The status change
    is conditional on the row being unchanged, so that two callers never queue a build twice.
    """
    now = now or timezone.now()
    cutoff = now - ORPHAN_AFTER
    orphans = ReportBuild.objects.filter(status=BuildStatus.RUNNING, heartbeat_at__lt=cutoff)
    requeued = 0
    for build in orphans.order_by("heartbeat_at")[:MAX_QUEUED]:
        claim = ReportBuild.objects.filter(
            pk=build.pk, status=BuildStatus.RUNNING, heartbeat_at=build.heartbeat_at
        )
        if build.attempts >= MAX_ATTEMPTS:
            claim.update(
                status=BuildStatus.FAILED,
                error=_(
                    "Die Erstellung wurde mehrmals unterbrochen. Bitte versuchen Sie es später "
                    "erneut oder wenden Sie sich an die Betreuung der Plattform."
                ),
                finished_at=now,
            )
            logger.error("report build %s failed after %s attempts", build.uuid, build.attempts)
            continue
        if claim.update(status=BuildStatus.QUEUED, progress=0, heartbeat_at=None):
            logger.warning(
                "report build %s was interrupted (attempt %s); queued again",
                build.uuid,
                build.attempts,
            )
            _enqueue(build)
            requeued += 1
    return requeued


def report_builds_housekeeping(*, now=None) -> None:
    """Recover interrupted builds, then fail those that waited too long (no worker running)."""
    report_builds_recover(now=now)
    report_builds_fail_stale(now=now)


def report_builds_fail_stale(*, now=None) -> int:
    """Mark builds that have waited or run longer than `STALE_AFTER` as failed."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return ReportBuild.objects.filter(
        status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING], created_at__lt=cutoff
    ).update(
        status=BuildStatus.FAILED,
        error=_(
            "Die Erstellung wurde unterbrochen (der Server wurde neu gestartet). Bitte "
            "versuchen Sie es erneut."
        ),
        finished_at=timezone.now(),
    )


def _in_flight(actor, session_key: str):
    builds = ReportBuild.objects.filter(status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING])
    if getattr(actor, "is_authenticated", False):
        return builds.filter(requested_by=actor)
    return builds.filter(requested_by__isnull=True, session_key=session_key)


def report_build_request(
    *, actor, session_key: str, subject_kind: str, subject_key: str, subject_label: str, fmt: str
) -> ReportBuild:
    """Queue a report for `actor` (anyone may ask; the report holds what they may see).

    An identical build still in flight is returned instead of a new one; beyond
    `MAX_IN_FLIGHT` per requester or `MAX_QUEUED` overall, `ReportLimitReached` is raised.
    """
    authenticated = getattr(actor, "is_authenticated", False)
    report_builds_housekeeping()
    mine = _in_flight(actor, session_key)
    same = mine.filter(subject_kind=subject_kind, subject_key=subject_key, format=fmt).first()
    if same is not None:
        return same
    if mine.count() >= MAX_IN_FLIGHT:
        raise ReportLimitReached(
            _(
                "Es werden schon %(count)s Berichte für Sie erstellt. Bitte warten Sie, bis "
                "einer fertig ist."
            )
            % {"count": MAX_IN_FLIGHT}
        )
    if (
        ReportBuild.objects.filter(status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING]).count()
        >= MAX_QUEUED
    ):
        raise ReportLimitReached(
            _("Gerade werden sehr viele Berichte erstellt. Bitte versuchen Sie es später erneut.")
        )
    build = ReportBuild.objects.create(
        kind=ReportKind.STRATEGY if subject_kind == ReportSubject.STRATEGY else ReportKind.PROGRESS,
        format=fmt,
        subject_kind=subject_kind,
        subject_key=subject_key,
        subject_label=subject_label[:300],
        requested_by=actor if authenticated else None,
        session_key="" if authenticated else session_key,
    )
    audit_record(
        actor=actor,
        verb="report.requested",
        target=build,
        data={"subject": subject_kind, "key": subject_key, "format": fmt},
    )
    _enqueue(build)
    return build


def _enqueue(build: ReportBuild) -> None:
    from .tasks import build_report

    build_report.enqueue(str(build.uuid))


def report_build_retry(*, build: ReportBuild) -> ReportBuild:
    """Queue a failed build again (its requester only: the view has checked that)."""
    if build.status != BuildStatus.FAILED:
        return build
    build.status = BuildStatus.QUEUED
    build.progress = 0
    build.error = ""
    build.finished_at = None
    build.save(update_fields=["status", "progress", "error", "finished_at"])
    _enqueue(build)
    return build


def _set(build: ReportBuild, **changes) -> None:
    changes.setdefault("heartbeat_at", timezone.now())
    for name, value in changes.items():
        setattr(build, name, value)
    ReportBuild.objects.filter(pk=build.pk).update(**changes)


def report_build_run(*, build_uuid: str) -> ReportBuild | None:
    """Build the file of a queued build (the worker's task). Failures end as a German message."""
    from .selectors import report_subject

    build = ReportBuild.objects.select_related("requested_by").filter(uuid=build_uuid).first()
    if build is None or build.status == BuildStatus.DONE:
        return build
    _set(build, status=BuildStatus.RUNNING, progress=10, attempts=build.attempts + 1)
    viewer = build.requested_by or AnonymousUser()
    if build.requested_by is not None and not build.requested_by.is_active:
        viewer = AnonymousUser()
    try:
        subject = report_subject(
            subject_kind=build.subject_kind, key=build.subject_key, viewer=viewer
        )
        _set(build, progress=30)
        rendered = render_report(
            subject_kind=build.subject_kind, subject=subject, fmt=build.format, viewer=viewer
        )
        _set(build, progress=90)
        with transaction.atomic():
            build.file.save(rendered.filename, ContentFile(rendered.content), save=False)
            _set(
                build,
                file=build.file.name,
                filename=rendered.filename,
                status=BuildStatus.DONE,
                progress=100,
                finished_at=timezone.now(),
            )
    except Exception:
        logger.exception("report build %s failed", build.uuid)
        _set(
            build,
            status=BuildStatus.FAILED,
            error=_(
                "Der Bericht konnte nicht erstellt werden. Vielleicht gibt es die Daten nicht "
                "mehr oder Sie dürfen sie nicht mehr sehen. Bitte versuchen Sie es erneut."
            ),
            finished_at=timezone.now(),
        )
    return build


def report_builds_purge(*, older_than_days: int = KEEP_DAYS) -> int:
    """Delete builds (and their files) older than `older_than_days`; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    count = 0
    for build in ReportBuild.objects.filter(created_at__lt=cutoff):
        if build.file:
            build.file.delete(save=False)
        build.delete()
        count += 1
    return count


__all__ = [
    "CONTENT_TYPES",
    "ReportLimitReached",
    "render_report",
    "report_build_request",
    "report_build_retry",
    "report_build_run",
    "report_builds_housekeeping",
    "report_builds_purge",
    "report_builds_recover",
]
