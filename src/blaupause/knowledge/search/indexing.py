"""Keep the search index up to date: one `SearchDocument` (plus facets and the backend index)
per searchable object that may be shown to someone.

What is indexed, and for whom:
- knowledge articles once published; public ones for everyone, members-only ones for the role
  holders of the article's region;
- measures of strategies that left the draft status (public, like the strategy);
- joint projects: title and public summary for everyone when the summary is public, else title,
  summary, goal and scope for the partners, the network coordination and the regional admins
  (internal notes never);
- events open to the public or to the members of the network (region); events for invited
  people only are not indexed.

Objects that do not qualify (a draft, a soft-deleted row) are removed from the index.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import strip_tags

from blaupause.core.german import analyze
from blaupause.core.markdown import render_markdown

from .backends import get_backend
from .constants import DocumentKind, DocumentVisibility, FacetName

logger = logging.getLogger(__name__)

#: Model label → document kind.
MODEL_KINDS = {
    "knowledge.Article": DocumentKind.ARTICLE,
    "strategies.Measure": DocumentKind.MEASURE,
    "collaboration.JointProject": DocumentKind.PROJECT,
    "events.Event": DocumentKind.EVENT,
}
#: Longest plain text kept in a document (the rest is not searchable).
MAX_TEXT = 60_000


@dataclass
class DocumentData:
    """What `index_object` writes for one object."""

    kind: str
    object_id: int
    object_uuid: object
    title: str
    text: str
    url: str
    type_label: str
    visibility: str
    region_id: int | None = None
    network_id: int | None = None
    facets: list[tuple[str, str, str]] = field(default_factory=list)


def plain_text(markdown: str) -> str:
    """Markdown as plain text (rendered safely, tags removed, whitespace folded)."""
    if not markdown:
        return ""
    rendered = strip_tags(str(render_markdown(markdown)))
    return re.sub(r"\s+", " ", html.unescape(rendered)).strip()


def _join(*pieces: str) -> str:
    return " ".join(piece.strip() for piece in pieces if piece and piece.strip())[:MAX_TEXT]


def _url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the page does not exist (yet) in this installation
        return ""


def _municipality_region_id(municipality) -> int | None:
    if municipality is None or not municipality.district_id:
        return None
    return municipality.district.region_id


def _municipality_facet(municipality) -> tuple[str, str, str]:
    return (FacetName.MUNICIPALITY, str(municipality.pk), municipality.name)


def _text_facet(name: str, title: str) -> list[tuple[str, str, str]]:
    title = (title or "").strip()
    return [(name, title.casefold()[:200], title[:250])] if title else []


# --- one builder per model: returns None when the object must not be in the index -------------


def _article(article) -> DocumentData | None:
    from blaupause.knowledge.constants import ArticleStatus, Visibility

    if article.deleted_at or article.status != ArticleStatus.PUBLISHED:
        return None
    municipality = article.author_municipality
    region_id = article.region_id or _municipality_region_id(municipality)
    public = article.visibility == Visibility.PUBLIC
    if not public and region_id is None:
        return None  # nobody could be told apart as a member
    facets = [(FacetName.TYPE, f"article:{article.kind}", article.get_kind_display())]
    facets += _text_facet(FacetName.FIELD, article.field_title)
    facets += _text_facet(FacetName.LIFE_AREA, article.life_area_title)
    if municipality is not None:
        facets.append(_municipality_facet(municipality))
    return DocumentData(
        kind=DocumentKind.ARTICLE,
        object_id=article.pk,
        object_uuid=article.uuid,
        title=article.title,
        text=_join(article.summary, plain_text(article.body), article.tags),
        url=_url(article),
        type_label=str(article.get_kind_display()),
        visibility=DocumentVisibility.PUBLIC if public else DocumentVisibility.MEMBERS,
        region_id=region_id,
        facets=facets,
    )


def _measure(measure) -> DocumentData | None:
    from blaupause.strategies.constants import StrategyStatus

    strategy = measure.strategy
    if measure.deleted_at or strategy.deleted_at or strategy.status == StrategyStatus.DRAFT:
        return None
    if strategy.network_id:
        region_id = strategy.network.region_id
    else:
        region_id = _municipality_region_id(strategy.municipality)
    facets = [(FacetName.TYPE, "measure", str(DocumentKind.MEASURE.label))]
    facets += _text_facet(FacetName.FIELD, measure.field.title if measure.field_id else "")
    for area in measure.life_areas.all():
        if area.deleted_at is None:
            facets += _text_facet(FacetName.LIFE_AREA, area.title)
    if strategy.municipality_id:
        facets.append(_municipality_facet(strategy.municipality))
    return DocumentData(
        kind=DocumentKind.MEASURE,
        object_id=measure.pk,
        object_uuid=measure.uuid,
        title=measure.title,
        text=_join(
            measure.summary,
            plain_text(measure.description),
            measure.benefit_citizens,
            measure.benefit_administration,
            " ".join(str(tag) for tag in measure.tags or [] if isinstance(tag, str)),
            strategy.title,
        ),
        url=_url(measure),
        type_label=str(DocumentKind.MEASURE.label),
        visibility=DocumentVisibility.PUBLIC,
        region_id=region_id,
        network_id=strategy.network_id,
        facets=facets,
    )


def _project(project) -> DocumentData | None:
    if project.deleted_at:
        return None
    from blaupause.collaboration.constants import PartnerStatus

    lead = project.lead_municipality
    region_id = project.network.region_id if project.network_id else None
    region_id = region_id or _municipality_region_id(lead)
    facets = [(FacetName.TYPE, "project", str(DocumentKind.PROJECT.label))]
    measure = project.measure
    if measure is not None and measure.deleted_at is None:
        facets += _text_facet(FacetName.FIELD, measure.field.title if measure.field_id else "")
        for area in measure.life_areas.all():
            facets += _text_facet(FacetName.LIFE_AREA, area.title)
    municipalities = {lead.pk: lead}
    for partner in project.partners.select_related("municipality"):
        if partner.status == PartnerStatus.ACCEPTED:
            municipalities.setdefault(partner.municipality_id, partner.municipality)
    facets += [_municipality_facet(m) for m in municipalities.values()]
    if project.is_public:
        text = plain_text(project.summary)
        visibility = DocumentVisibility.PUBLIC
    else:
        text = _join(plain_text(project.summary), project.goal, project.scope)
        visibility = DocumentVisibility.RESTRICTED
    return DocumentData(
        kind=DocumentKind.PROJECT,
        object_id=project.pk,
        object_uuid=project.uuid,
        title=project.title,
        text=text,
        url=_url(project),
        type_label=str(DocumentKind.PROJECT.label),
        visibility=visibility,
        region_id=region_id,
        network_id=project.network_id,
        facets=facets,
    )


def _event(event) -> DocumentData | None:
    from blaupause.events.constants import Audience

    if event.deleted_at or event.audience not in (Audience.PUBLIC, Audience.MEMBERS):
        return None
    region_id = event.region_id or (event.network.region_id if event.network_id else None)
    public = event.audience == Audience.PUBLIC
    return DocumentData(
        kind=DocumentKind.EVENT,
        object_id=event.pk,
        object_uuid=event.uuid,
        title=event.title,
        text=_join(plain_text(event.description), event.location_name),
        url=_url(event),
        type_label=str(DocumentKind.EVENT.label),
        visibility=DocumentVisibility.PUBLIC if public else DocumentVisibility.MEMBERS,
        region_id=region_id,
        network_id=event.network_id,
        facets=[(FacetName.TYPE, "event", str(DocumentKind.EVENT.label))],
    )


BUILDERS = {
    DocumentKind.ARTICLE: _article,
    DocumentKind.MEASURE: _measure,
    DocumentKind.PROJECT: _project,
    DocumentKind.EVENT: _event,
}


def kind_of(obj) -> str | None:
    return MODEL_KINDS.get(obj._meta.label)


def build(obj) -> DocumentData | None:
    """The document for an object, or None when it must not be found."""
    kind = kind_of(obj)
    if kind is None:
        return None
    return BUILDERS[kind](obj)


def _terms(text: str) -> tuple[str, str]:
    tokens = analyze(text)
    whole = " ".join(token.term for token in tokens if not token.part)
    parts = " ".join(token.term for token in tokens if token.part)
    return whole, parts


def _save(documents: list[DocumentData]) -> None:
    """Write documents, their facets and the backend index (replacing older rows)."""
    from ..models import SearchDocument, SearchFacet

    if not documents:
        return
    now = timezone.now()
    rows = []
    for data in documents:
        title_terms, title_parts = _terms(data.title)
        text_terms, text_parts = _terms(data.text)
        rows.append(
            SearchDocument(
                kind=data.kind,
                object_id=data.object_id,
                object_uuid=data.object_uuid,
                title=data.title[:300],
                text=data.text,
                url=data.url[:500],
                type_label=data.type_label[:120],
                visibility=data.visibility,
                region_id=data.region_id,
                network_id=data.network_id,
                title_terms=title_terms,
                text_terms=text_terms,
                title_parts=title_parts,
                text_parts=text_parts,
                indexed_at=now,
            )
        )
    _delete_rows([(data.kind, data.object_id) for data in documents])
    created = SearchDocument.objects.bulk_create(rows, batch_size=500)
    ids = [row.pk for row in created]
    if None in ids:  # backends without RETURNING: look the ids up
        keys = {(row.kind, row.object_id) for row in rows}
        lookup = {
            (kind, object_id): pk
            for pk, kind, object_id in SearchDocument.objects.filter(
                object_id__in=[key[1] for key in keys]
            ).values_list("pk", "kind", "object_id")
        }
        ids = [lookup[(row.kind, row.object_id)] for row in rows]
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document_id=pk, name=name, value=value, label=label)
            for pk, data in zip(ids, documents, strict=True)
            for name, value, label in dict.fromkeys(data.facets)
        ],
        batch_size=1000,
    )
    get_backend().write(ids)


def _delete_rows(keys: Iterable[tuple[str, int]]) -> None:
    from ..models import SearchDocument

    by_kind: dict[str, list[int]] = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, []).append(object_id)
    for kind, object_ids in by_kind.items():
        ids = list(
            SearchDocument.objects.filter(kind=kind, object_id__in=object_ids).values_list(
                "pk", flat=True
            )
        )
        if ids:
            get_backend().delete(ids)
            SearchDocument.objects.filter(pk__in=ids).delete()


@transaction.atomic
def index_object(obj) -> bool:
    """Index one object (or remove it when it must not be found). True when it is indexed."""
    kind = kind_of(obj)
    if kind is None:
        return False
    data = build(obj)
    if data is None:
        _delete_rows([(kind, obj.pk)])
        return False
    _save([data])
    return True


@transaction.atomic
def remove_object(obj) -> None:
    """Remove one object from the index."""
    kind = kind_of(obj)
    if kind is not None and obj.pk is not None:
        _delete_rows([(kind, obj.pk)])


def _querysets():
    """Every candidate object per kind, with what the builders read loaded."""
    article = apps.get_model("knowledge", "Article")
    measure = apps.get_model("strategies", "Measure")
    project = apps.get_model("collaboration", "JointProject")
    event = apps.get_model("events", "Event")
    yield article.objects.select_related("author_municipality__district")
    yield (
        measure.objects.select_related(
            "strategy__network", "strategy__municipality__district", "field"
        ).prefetch_related("life_areas")
    )
    yield (
        project.objects.select_related(
            "network", "lead_municipality__district", "measure__field"
        ).prefetch_related("measure__life_areas")
    )
    yield event.objects.select_related("network")


@transaction.atomic
def rebuild(*, batch_size: int = 500) -> int:
    """Drop and rebuild the whole index; returns the number of indexed documents."""
    from ..models import SearchDocument

    backend = get_backend()
    backend.setup()
    backend.clear()
    SearchDocument.objects.all().delete()
    count = 0
    for queryset in _querysets():
        batch: list[DocumentData] = []
        for obj in queryset.iterator(chunk_size=batch_size):
            data = build(obj)
            if data is not None:
                batch.append(data)
            if len(batch) >= batch_size:
                _save(batch)
                count += len(batch)
                batch = []
        _save(batch)
        count += len(batch)
    return count


def index_many(objects: Iterable) -> int:
    """Index several objects of any kinds at once (used by the benchmark and bulk imports)."""
    documents = [data for data in (build(obj) for obj in objects) if data is not None]
    with transaction.atomic():
        _save(documents)
    return len(documents)
