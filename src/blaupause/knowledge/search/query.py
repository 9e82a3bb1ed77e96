"""Run a search for a viewer: visibility, facet filters, ranking, snippets, facet counts."""

from __future__ import annotations

import functools
import html
import math
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from blaupause.core.german import analyze, normalize, query_words

from .backends import TERM_COLUMNS, Backend, get_backend
from .constants import (
    CANDIDATE_LIMIT,
    FACET_LIMIT,
    FACET_PARAMS,
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    DocumentVisibility,
    FacetName,
)

#: Characters of text around the best hit in a snippet.
SNIPPET_LENGTH = 240
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


# --- who may see what --------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewerScope:
    """The ids that decide which documents a viewer may see (computed once per search)."""

    everything: bool = False
    admin_region_ids: frozenset[int] = frozenset()
    role_region_ids: frozenset[int] = frozenset()
    network_ids: frozenset[int] = frozenset()
    coordinated_network_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()


def viewer_scope(viewer) -> ViewerScope:
    """Anonymous and role-less viewers see public documents only; two queries for role holders."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return ViewerScope()
    if viewer.is_superuser:
        return ViewerScope(everything=True)
    roles = viewer.roles
    municipality_ids = frozenset(roles.member_municipality_ids)
    coordinated = frozenset(roles.coordinated_network_ids)
    admin_regions = frozenset(roles.regional_admin_region_ids)
    if not (municipality_ids or coordinated or admin_regions):
        return ViewerScope()
    from blaupause.regions.models import Municipality, Network

    region_ids = set(admin_regions)
    network_ids = set(coordinated)
    if municipality_ids:
        region_ids.update(
            Municipality.objects.filter(pk__in=municipality_ids)
            .exclude(district__isnull=True)
            .values_list("district__region_id", flat=True)
        )
    if municipality_ids or coordinated:
        for network_id, region_id in (
            Network.objects.filter(Q(municipalities__in=municipality_ids) | Q(pk__in=coordinated))
            .values_list("pk", "region_id")
            .distinct()
        ):
            network_ids.add(network_id)
            if region_id:
                region_ids.add(region_id)
    return ViewerScope(
        admin_region_ids=admin_regions,
        role_region_ids=frozenset(region_ids),
        network_ids=frozenset(network_ids),
        coordinated_network_ids=coordinated,
        municipality_ids=municipality_ids,
    )


def visible_documents(scope: ViewerScope) -> QuerySet:
    from ..models import SearchDocument, SearchFacet

    documents = SearchDocument.objects.all()
    if scope.everything:
        return documents
    condition = Q(visibility=DocumentVisibility.PUBLIC)
    members = Q(visibility=DocumentVisibility.MEMBERS)
    restricted = Q(visibility=DocumentVisibility.RESTRICTED)
    if scope.role_region_ids:
        condition |= members & Q(network_id__isnull=True, region_id__in=scope.role_region_ids)
    if scope.network_ids:
        condition |= members & Q(network_id__in=scope.network_ids)
    if scope.admin_region_ids:
        condition |= (members | restricted) & Q(region_id__in=scope.admin_region_ids)
    if scope.coordinated_network_ids:
        condition |= restricted & Q(network_id__in=scope.coordinated_network_ids)
    if scope.municipality_ids:
        partner_of = SearchFacet.objects.filter(
            name=FacetName.MUNICIPALITY, value__in=[str(pk) for pk in scope.municipality_ids]
        ).values("document_id")
        condition |= restricted & Q(pk__in=partner_of)
    return documents.filter(condition)


# --- the query ---------------------------------------------------------------------------------


def clean_query(raw: str) -> str:
    """The query as typed, without NUL and control characters, cut to a sane length."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 2])
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    param: str
    label: str
    values: list[FacetValue]


@dataclass
class Hit:
    document: object
    snippet: SafeString
    title: SafeString


@dataclass
class SearchResults:
    query: str = ""
    hint: str = ""
    total: int = 0
    #: True when there are more matches than `total` (counting stopped at the cap).
    total_capped: bool = False
    page: int = 1
    pages: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filtered(queryset: QuerySet, filters: dict[str, str], *, skip: str = "") -> QuerySet:
    from ..models import SearchFacet

    for name, value in filters.items():
        if name == skip or not value:
            continue
        queryset = queryset.filter(
            pk__in=SearchFacet.objects.filter(name=name, value=value).values("document_id")
        )
    return queryset


def _facets(backend: Backend, document_ids: list[int], filters: dict[str, str]) -> list[Facet]:
    """Counts per facet value over the given documents (one query; the search passes the
    candidates, so with more than `CANDIDATE_LIMIT` matches the counts cover those)."""
    from ..models import SearchFacet

    rows = (
        SearchFacet.objects.filter(document_id__in=backend.id_list(document_ids))
        .values("name", "value", "label")
        .annotate(count=Count("document_id", distinct=True))
        .order_by("name", "-count", "label")
    )
    grouped: dict[str, list[FacetValue]] = {name: [] for name in FACET_PARAMS}
    for row in rows:
        values = grouped.setdefault(row["name"], [])
        selected = filters.get(row["name"]) == row["value"]
        if len(values) < FACET_LIMIT or selected:
            values.append(FacetValue(row["value"], row["label"], row["count"], selected))
    return [
        Facet(name, FACET_PARAMS[name], str(FacetName(name).label), grouped[name])
        for name in FACET_PARAMS
        if grouped.get(name)
    ]


def _candidates(backend: Backend, allowed: QuerySet, words) -> tuple[list[int], bool]:
    """At most `CANDIDATE_LIMIT` matching ids, best first, and whether more documents match.

    Exact hits (every word's stem) come before hits found only through compound parts; within
    each group the backend's relevance ranks, then the id. The lookups use the full-text index
    and stop reading at the limit (in storage order, unsorted), so a query that matches most of
    the index reads no more rows than a selective one; a sort over all matches would read every
    one of them. Below the limit the candidates are every match, ranked as a whole.
    """
    cap = CANDIDATE_LIMIT + 1
    groups = [backend.scored(allowed, words, cap, parts_only=False)]
    if len(groups[0]) < cap and any(word.parts for word in words):
        groups.append(backend.scored(allowed, words, cap - len(groups[0]), parts_only=True))
    ranked = [
        pk for group in groups for pk, _score in sorted(group, key=lambda row: (-row[1], row[0]))
    ]
    return ranked[:CANDIDATE_LIMIT], len(ranked) > CANDIDATE_LIMIT


def search(
    *, viewer, query: str, filters: dict[str, str] | None = None, page: int = 1
) -> SearchResults:
    """Documents the viewer may see that match the query, best first, one page of them."""
    from ..models import SearchDocument

    text = clean_query(query)
    filters = {
        name: cleaned
        for name, value in (filters or {}).items()
        if name in FACET_PARAMS and (cleaned := clean_query(value)[:200])
    }
    results = SearchResults(query=text, filters=filters)
    words = query_words(text)
    if not words:
        results.hint = _(
            "Bitte geben Sie einen Suchbegriff ein, zum Beispiel „Ratsinformationssystem“."
        )
        return results
    backend = get_backend()
    scope = viewer_scope(viewer)
    allowed = _filtered(visible_documents(scope), filters)
    candidates, results.total_capped = _candidates(backend, allowed, words)
    results.total = len(candidates)
    if not results.total:
        results.hint = _("Keine Treffer. Versuchen Sie einen anderen oder allgemeineren Begriff.")
        return results
    results.pages = math.ceil(results.total / PAGE_SIZE)
    # A page past the end shows the last page.
    results.page = min(max(page, 1), results.pages)
    start = (results.page - 1) * PAGE_SIZE
    ids = candidates[start : start + PAGE_SIZE]
    # Only the shown page's rows are read in full, without the index columns.
    documents = SearchDocument.objects.defer("search_vector", *TERM_COLUMNS).in_bulk(ids)
    terms = frozenset().union(*(word.terms for word in words))
    results.hits = [
        Hit(
            document=documents[pk],
            title=highlight(documents[pk].title, terms),
            snippet=snippet(documents[pk].text, terms),
        )
        for pk in ids
        if pk in documents
    ]
    results.facets = _facets(backend, candidates, filters)
    return results


# --- snippets ----------------------------------------------------------------------------------


def escape(text: str) -> str:
    """The same escaping as Django's `escape` (`html.escape`), without its lazy-string wrapper,
    which costs more than the escaping for the thousands of small pieces of a result page."""
    return html.escape(text)


@functools.lru_cache(maxsize=8192)
def _word_is_hit(word: str, terms: frozenset[str]) -> bool:
    """Whether a word of a text (as written) matches a query term; cached, texts repeat words."""
    return any(token.term in terms for token in analyze(normalize(word)))


def _is_hit(word: str, terms: set[str]) -> bool:
    return _word_is_hit(word, terms if isinstance(terms, frozenset) else frozenset(terms))


def highlight(text: str, terms: set[str]) -> SafeString:
    """The text escaped, with the words that match a query term in <mark>."""
    out: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        out.append(escape(text[position : match.start()]))
        word = match.group(0)
        if _is_hit(word, terms):
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(escape(word))
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, terms: set[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of the text around its first matching word, highlighted."""
    if not text:
        return mark_safe("")
    start = 0
    for match in _TOKEN_RE.finditer(text, 0, 20_000):
        if _is_hit(match.group(0), terms):
            start = max(0, match.start() - length // 3)
            break
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > 0 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = highlight(text[start:end], terms)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{piece}{suffix}")
