"""Reads of the consultation app: the consultation page, the report, the moderation queue.

Every selector loads a fixed number of queries whatever the number of comments: the
strategy tree comes from `strategies.selectors.strategy_content`, the comments of a round in
one query, grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.strategies.selectors import item_get, strategy_content, strategy_get

from .constants import TARGET_FIELDS, Outcome, Section
from .models import Comment, CommentReport, Consultation

__all__ = [
    "ConsultationPage",
    "PageSection",
    "comment_get",
    "consultation_for_strategy",
    "consultation_page",
    "consultation_strategy",
    "measure_comment_count",
    "moderation_queue",
    "section_anchor",
    "section_target",
    "strategy_consultation_summary",
]

_STRATEGY_RELATED = ("strategy__network__region", "strategy__municipality__district")


def consultation_strategy(*, slug: str, viewer):
    """The strategy of a consultation page: 404 when unknown or when the viewer may not see it."""
    try:
        return strategy_get(slug=slug, viewer=viewer)
    except PermissionDenied as exc:
        raise Http404(_("Diese Konsultation gibt es nicht.")) from exc


def consultation_for_strategy(*, strategy, round_uuid: str | None = None) -> Consultation | None:
    """The round asked for (by uuid), else the latest round of the strategy, or None."""
    rounds = Consultation.objects.filter(strategy=strategy).select_related("opened_by")
    if round_uuid:
        try:
            found = rounds.filter(uuid=round_uuid).first()
        except (ValueError, ValidationError):
            found = None
        if found is None:
            raise Http404(_("Diese Konsultationsrunde gibt es nicht."))
    else:
        found = rounds.order_by("-starts_at", "-id").first()
    if found is not None:
        found.strategy = strategy  # shares the loaded owner for the permission checks
    return found


def comment_get(*, strategy, uuid) -> Comment:
    """One comment of one of the strategy's rounds, with its round loaded; 404 otherwise."""
    comment = (
        Comment.objects.select_related("consultation", "parent")
        .filter(uuid=uuid, consultation__strategy=strategy)
        .first()
    )
    if comment is None:
        raise Http404(_("Diesen Beitrag gibt es nicht."))
    comment.consultation.strategy = strategy
    return comment


_ANCHOR_PREFIX = {
    Section.VALUE: "wert",
    Section.FIELD: "handlungsfeld",
    Section.GOAL: "ziel",
    Section.MEASURE: "massnahme",
}


def section_anchor(section: str, target) -> str:
    """The id of a section on the consultation page: "leitbild", "massnahme-M1.2" …"""
    if target is None or section not in _ANCHOR_PREFIX:
        return "leitbild"
    return f"{_ANCHOR_PREFIX[section]}-{target.key}"


def section_target(*, strategy, section: str, uuid):
    """The item a new comment is about (None for the vision); 404 for an unknown item."""
    if section == Section.VISION:
        return None
    if section not in TARGET_FIELDS or not uuid:
        raise Http404(_("Diesen Abschnitt gibt es nicht."))
    item = item_get(strategy=strategy, kind=section, uuid=uuid)
    return item


# --- the page ------------------------------------------------------------------------------------


@dataclass
class PageSection:
    """One commentable part of the strategy with its threads (top-level comments + replies)."""

    kind: str
    anchor: str
    label: str
    title: str
    text: str
    target: object | None
    level: int = 2
    threads: list[Comment] = field(default_factory=list)
    comment_count: int = 0

    @property
    def target_uuid(self) -> str:
        return str(self.target.uuid) if self.target is not None else ""


@dataclass
class ConsultationPage:
    strategy: object
    consultation: Consultation | None
    rounds: list[Consultation]
    sections: list[PageSection]
    total: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    filtered: bool = False

    @property
    def outcome_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_outcome.get(value, 0)) for value, label in Outcome.choices]


def _comment_rows(consultation: Consultation, viewer):
    rows = (
        Comment.objects.filter(consultation=consultation)
        .select_related("author", "author_municipality", "outcome_by", "hidden_by")
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
        )
        .order_by("created_at", "id")
    )
    if getattr(viewer, "is_authenticated", False):
        rows = rows.annotate(
            reported_by_viewer=Exists(
                CommentReport.objects.filter(comment=OuterRef("pk"), reporter=viewer)
            )
        )
    return list(rows)


def _key(comment: Comment) -> tuple[str, int | None]:
    name = TARGET_FIELDS.get(comment.section)
    return comment.section, getattr(comment, f"{name}_id") if name else None


def _sections(strategy, content) -> list[PageSection]:
    vision_text = "\n\n".join(text for text in (strategy.vision, strategy.preamble) if text)
    sections = [
        PageSection(
            Section.VISION,
            "leitbild",
            str(Section.VISION.label),
            strategy.title,
            vision_text,
            None,
        )
    ]
    for value in content.values:
        sections.append(
            PageSection(
                Section.VALUE,
                section_anchor(Section.VALUE, value),
                _("Wert"),
                value.title,
                value.explanation,
                value,
            )
        )
    for item in content.fields:
        sections.append(
            PageSection(
                Section.FIELD,
                section_anchor(Section.FIELD, item),
                _("Handlungsfeld %(key)s") % {"key": item.key},
                item.title,
                item.description,
                item,
            )
        )
        for goal in item.goal_list:
            sections.append(_goal_section(goal))
        for measure in item.measure_list:
            sections.append(
                PageSection(
                    Section.MEASURE,
                    section_anchor(Section.MEASURE, measure),
                    _("Maßnahme %(key)s") % {"key": measure.key},
                    measure.title,
                    measure.summary or measure.description,
                    measure,
                    level=3,
                )
            )
    sections.extend(_goal_section(goal) for goal in content.goals if goal.field_obj is None)
    return sections


def _goal_section(goal) -> PageSection:
    return PageSection(
        Section.GOAL,
        section_anchor(Section.GOAL, goal),
        _("Ziel %(key)s") % {"key": goal.key},
        goal.title,
        goal.description,
        goal,
        level=3,
    )


def _section_key(section: PageSection) -> tuple[str, int | None]:
    return section.kind, section.target.pk if section.target is not None else None


def consultation_page(
    *,
    strategy,
    consultation: Consultation | None,
    viewer,
    outcome: str = "",
    section: str = "",
) -> ConsultationPage:
    """The strategy's sections in reading order, each with its threads of one round.

    `outcome` and `section` filter what is shown (top-level comments by outcome, sections by
    kind); the totals always count the whole round. Query count: the strategy tree (6), the
    rounds (1) and the comments (1).
    """
    content = strategy_content(strategy=strategy)
    for item in (*content.values, *content.fields, *content.goals, *content.measures):
        item.strategy = strategy  # links to the items need the slug, not one query each
    rounds = list(Consultation.objects.filter(strategy=strategy).order_by("-starts_at", "-id"))
    sections = _sections(strategy, content)
    page = ConsultationPage(
        strategy=strategy, consultation=consultation, rounds=rounds, sections=[]
    )
    if consultation is None:
        page.sections = sections
        return page
    rows = _comment_rows(consultation, viewer)
    replies: dict[int, list[Comment]] = defaultdict(list)
    threads: dict[tuple, list[Comment]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for comment in rows:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
        else:
            threads[_key(comment)].append(comment)
            counts[comment.outcome] += 1
    page.total = len(rows)
    page.by_outcome = dict(counts)
    page.filtered = bool(outcome or section)
    for item in sections:
        if section and item.kind != section:
            continue
        top = threads.get(_section_key(item), [])
        for comment in top:
            comment.reply_list = replies.get(comment.pk, [])
        item.comment_count = sum(1 + len(comment.reply_list) for comment in top)
        if outcome:
            top = [comment for comment in top if comment.outcome == outcome]
            if not top:
                continue
        item.threads = top
        page.sections.append(item)
    return page


# --- slots ---------------------------------------------------------------------------------------


def strategy_consultation_summary(*, strategy) -> Consultation | None:
    """The latest round with its number of comments (`comment_count`), one query."""
    found = (
        Consultation.objects.filter(strategy=strategy)
        .annotate(comment_count=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
        .order_by("-starts_at", "-id")
        .first()
    )
    if found is not None:
        found.strategy = strategy
    return found


def measure_comment_count(*, measure) -> int:
    """Comments (with replies) on a measure in all rounds of its strategy, one query."""
    return Comment.objects.filter(measure=measure).count()


# --- moderation ----------------------------------------------------------------------------------


def moderation_queue(*, strategy) -> list[Comment]:
    """Comments of all rounds with open reports first, then the hidden ones; two queries."""
    open_reports = CommentReport.objects.filter(resolved_at__isnull=True).select_related("reporter")
    rows = (
        Comment.objects.filter(consultation__strategy=strategy)
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .filter(Q(open_reports__gt=0) | Q(hidden_at__isnull=False))
        .select_related("author", "author_municipality", "hidden_by", "consultation")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_report_list"))
        .order_by("-open_reports", "-created_at")
    )
    return list(rows)
