"""Reads of the reports app: the subject of a report and the builds a requester may see."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.regions.models import District
from blaupause.regions.selectors import municipality_get, network_get
from blaupause.strategies.selectors import strategy_get

from .models import ReportBuild, ReportSubject


def report_subject(*, subject_kind: str, key: str, viewer):
    """The strategy, municipality, district or network a report is about.

    404 when unknown; a strategy draft the viewer may not see answers 403 (`strategy_get`).
    """
    if subject_kind == ReportSubject.STRATEGY:
        return strategy_get(slug=key, viewer=viewer)
    if subject_kind == ReportSubject.MUNICIPALITY:
        return municipality_get(ags=key)
    if subject_kind == ReportSubject.DISTRICT:
        district = District.objects.select_related("region").filter(slug=key).first()
        if district is None:
            raise Http404(_("Diesen Kreis gibt es nicht."))
        return district
    if subject_kind == ReportSubject.NETWORK:
        return network_get(slug=key)
    raise Http404(_("Diesen Bericht gibt es nicht."))


def subject_key(subject_kind: str, subject) -> str:
    return subject.ags if subject_kind == ReportSubject.MUNICIPALITY else subject.slug


def report_build_get(*, build_uuid, viewer, session_key: str) -> ReportBuild:
    """A build its requester (user or, for anonymous requests, browser session) may see.

    Anything else answers 404, so that nobody learns which builds exist.
    """
    build = ReportBuild.objects.filter(uuid=build_uuid).first()
    if build is None or not can_see_build(build, viewer=viewer, session_key=session_key):
        raise Http404(_("Diesen Bericht gibt es nicht (mehr)."))
    return build


def can_see_build(build: ReportBuild, *, viewer, session_key: str) -> bool:
    if getattr(viewer, "is_authenticated", False):
        return build.requested_by_id == viewer.pk or viewer.is_superuser
    return build.requested_by_id is None and bool(session_key) and build.session_key == session_key
