"""Reads of knowledge articles: the list with filters, one article, its history.

Every selector filters to what the viewer may see (same rules as `rules/articles.py`, written
as a query) and plans its queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.regions.models import Municipality
from blaupause.strategies.diff import word_diff

from ..constants import ArticleKind, ArticleStatus, Visibility
from ..models import Article, ArticleAttachment
from ..rules.articles import has_role, viewer_region_ids

__all__ = [
    "HistoryEntry",
    "article_attachments",
    "article_get",
    "article_get_for_change",
    "article_history",
    "article_list",
    "article_municipality_choices",
    "attachment_get",
    "visible_articles",
]


def _visibility_condition(user) -> Q | None:
    """The articles a viewer may see as a Q; None means everything."""
    published_public = Q(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return published_public
    if user.is_superuser:
        return None
    roles = user.roles
    condition = published_public | Q(author_id=user.pk)
    if has_role(user):
        condition |= Q(status=ArticleStatus.PUBLISHED, visibility=Visibility.MEMBERS) & (
            Q(region__isnull=True) | Q(region_id__in=viewer_region_ids(user))
        )
    if roles.cdo_municipality_ids:
        condition |= Q(author_municipality_id__in=roles.cdo_municipality_ids)
    if roles.regional_admin_region_ids:
        condition |= Q(region_id__in=roles.regional_admin_region_ids)
    return condition


def visible_articles(user) -> QuerySet[Article]:
    """All articles (not deleted) the viewer may see."""
    condition = _visibility_condition(user)
    queryset = Article.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def article_list(
    *, viewer, kind: str = "", municipality: Municipality | None = None, drafts: bool = False
) -> QuerySet[Article]:
    """Articles for the list page, newest first; drafts only when asked (and visible)."""
    queryset = visible_articles(viewer).select_related("author_municipality", "measure")
    if not drafts:
        queryset = queryset.filter(status=ArticleStatus.PUBLISHED)
    if kind and kind in ArticleKind.values:
        queryset = queryset.filter(kind=kind)
    if municipality is not None:
        queryset = queryset.filter(author_municipality=municipality)
    return queryset.order_by("-published_at", "title", "id")


def article_municipality_choices() -> QuerySet[Municipality]:
    """Municipalities that have written at least one published article (for the filter)."""
    return (
        Municipality.objects.filter(
            knowledge_articles__status=ArticleStatus.PUBLISHED,
            knowledge_articles__deleted_at__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


def article_get(*, slug: str, viewer) -> Article:
    """One article the viewer may see, with its municipality and measure; 404 otherwise."""
    article = (
        visible_articles(viewer)
        .select_related(
            "author",
            "author_municipality__district",
            "region",
            "measure__strategy",
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise Http404(_("Diesen Artikel gibt es nicht oder Sie dürfen ihn nicht sehen."))
    return article


def article_get_for_change(*, slug: str, viewer) -> Article:
    """An article the viewer may change; 404 when it is not visible, 403 is the view's job."""
    return article_get(slug=slug, viewer=viewer)


def article_attachments(article: Article) -> list[ArticleAttachment]:
    return list(article.attachments.all())


def attachment_get(*, uuid, viewer) -> ArticleAttachment:
    """An attachment, visible exactly like its article; 404 otherwise."""
    attachment = (
        ArticleAttachment.objects.select_related("article")
        .filter(uuid=uuid, article__in=visible_articles(viewer))
        .first()
    )
    if attachment is None:
        raise Http404(_("Diese Datei gibt es nicht oder Sie dürfen sie nicht sehen."))
    return attachment


#: Fields compared between versions, with their labels.
HISTORY_FIELDS = ("title", "summary", "body", "kind", "status", "visibility", "licence", "tags")
_CHOICES = {
    "kind": dict(ArticleKind.choices),
    "status": dict(ArticleStatus.choices),
    "visibility": dict(Visibility.choices),
}


@dataclass
class FieldChange:
    label: str
    html: str  # a word diff, safe


@dataclass
class HistoryEntry:
    record: object
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False
    is_first: bool = False


def _display(name: str, value) -> str:
    if name in _CHOICES:
        return str(_CHOICES[name].get(value, value))
    if name == "licence":
        from ..constants import Licence

        return str(dict(Licence.choices).get(value, value))
    return str(value or "")


def article_history(article: Article) -> list[HistoryEntry]:
    """Stored versions of an article, newest first, each with a word diff against the one
    before (one query)."""
    records = list(
        article.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = {name: Article._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for name in HISTORY_FIELDS:
                old, new = (
                    _display(name, getattr(previous, name)),
                    _display(name, getattr(record, name)),
                )
                if old != new:
                    changes.append(FieldChange(label=str(labels[name]), html=word_diff(old, new)))
        entries.append(HistoryEntry(record=record, changes=changes, is_first=previous is None))
        previous = record
    if entries:
        entries[-1].is_current = True
    entries.reverse()
    return entries
