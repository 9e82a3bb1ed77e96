"""Joint projects: the public summary of the projects the caller may see.

Visibility comes from the collaboration app's selectors; the API never shows internals
(budget, cost split, notes, work plan, documents) nor invited partners, not even to a token
that may see them on the page.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from blaupause.collaboration.constants import PartnerStatus
from blaupause.collaboration.models import ProjectPartner
from blaupause.collaboration.selectors.projects import project_get, project_list

from ..auth import optional_auth
from ..caching import set_last_modified
from ..pagination import Page, page
from ..schemas.common import read
from ..schemas.projects import ProjectFilters, ProjectOut

router = Router(tags=["Gemeinsame Projekte"], auth=optional_auth)


@router.get("/projects/", response=read(Page[ProjectOut]), summary="Gemeinsame Projekte")
def projects(request: HttpRequest, response: HttpResponse, filters: Query[ProjectFilters]):
    rows = project_list(
        viewer=request.auth, status=filters.status.value if filters.status else ""
    ).select_related("measure__strategy")
    if filters.municipality:
        rows = rows.filter(
            Exists(
                ProjectPartner.objects.filter(
                    project=OuterRef("pk"),
                    municipality__ags=filters.municipality,
                    status=PartnerStatus.ACCEPTED,
                )
            )
        )
    if filters.measure:
        rows = rows.filter(measure__uuid=filters.measure)
    result = page(rows, filters)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get("/projects/{uuid}", response=read(ProjectOut), summary="Ein gemeinsames Projekt")
def project_detail(request: HttpRequest, response: HttpResponse, uuid: UUID):
    project = project_get(uuid=uuid, viewer=request.auth)
    set_last_modified(response, project.updated_at)
    return project
