"""The kinds of items a strategy is made of, in one registry.

Services, selectors, views, the snapshot and the history pages all work on "an item of some
kind"; this table says per kind which model it is, how it appears in URLs and texts, whether
it hangs on the strategy or on a measure, and which fields and links it has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import FieldOfAction, Goal, Indicator, LifeArea, Measure, Milestone, Value

PARENT_STRATEGY = "strategy"
PARENT_MEASURE = "measure"


@dataclass(frozen=True)
class ItemKind:
    name: str  # in code, audit verbs and snapshots: "measure"
    slug: str  # in URLs: "massnahmen"
    model: type[models.Model]
    label: Promise
    label_plural: Promise
    parent: str = PARENT_STRATEGY
    title_field: str = "title"
    has_key: bool = False
    #: Content fields in display order (the history and the diff show these).
    fields: tuple[str, ...] = ()
    #: Many-to-many links to other items of the same strategy.
    links: tuple[str, ...] = ()
    snapshot_key: str = ""

    def __str__(self) -> str:
        return self.name

    def label_of(self, item) -> str:
        title = getattr(item, self.title_field, "")
        key = getattr(item, "key", "") if self.has_key else ""
        return f"{key} {title}".strip() if key and self.name == "measure" else str(title)


_COMMON = ("derived", "source_ids")

VALUE = ItemKind(
    name="value",
    slug="werte",
    model=Value,
    label=_("Wert"),
    label_plural=_("Werte"),
    has_key=True,
    fields=("key", "title", "explanation", *_COMMON),
    snapshot_key="values",
)
LIFE_AREA = ItemKind(
    name="life_area",
    slug="lebensbereiche",
    model=LifeArea,
    label=_("Lebensbereich"),
    label_plural=_("Lebensbereiche"),
    has_key=True,
    fields=("key", "title", *_COMMON),
    snapshot_key="life_areas",
)
FIELD = ItemKind(
    name="field",
    slug="handlungsfelder",
    model=FieldOfAction,
    label=_("Handlungsfeld"),
    label_plural=_("Handlungsfelder"),
    has_key=True,
    fields=("key", "title", "description", *_COMMON),
    snapshot_key="fields",
)
GOAL = ItemKind(
    name="goal",
    slug="ziele",
    model=Goal,
    label=_("Ziel"),
    label_plural=_("Ziele"),
    has_key=True,
    fields=("key", "title", "description", "field", *_COMMON),
    snapshot_key="goals",
)
MEASURE = ItemKind(
    name="measure",
    slug="massnahmen",
    model=Measure,
    label=_("Maßnahme"),
    label_plural=_("Maßnahmen"),
    has_key=True,
    fields=(
        "key",
        "title",
        "field",
        "summary",
        "description",
        "benefit_citizens",
        "benefit_administration",
        "prerequisites",
        "effort",
        "cost_band",
        "start_year",
        "end_year",
        "duration_months",
        "responsible_role",
        "references",
        "tags",
        "raises_criteria",
        "weight",
        *_COMMON,
    ),
    links=("life_areas", "goals", "depends_on"),
    snapshot_key="measures",
)
INDICATOR = ItemKind(
    name="indicator",
    slug="kennzahlen",
    model=Indicator,
    label=_("Kennzahl"),
    label_plural=_("Kennzahlen"),
    parent=PARENT_MEASURE,
    title_field="name",
    fields=("name", "unit", "baseline", "target", "direction"),
    snapshot_key="indicators",
)
MILESTONE = ItemKind(
    name="milestone",
    slug="meilensteine",
    model=Milestone,
    label=_("Meilenstein"),
    label_plural=_("Meilensteine"),
    parent=PARENT_MEASURE,
    fields=("title", "months_after_start", "due_date"),
    snapshot_key="milestones",
)

KINDS: tuple[ItemKind, ...] = (VALUE, LIFE_AREA, FIELD, GOAL, MEASURE, INDICATOR, MILESTONE)
BY_NAME = {kind.name: kind for kind in KINDS}
BY_SLUG = {kind.slug: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_for(value: str | ItemKind | models.Model | type) -> ItemKind:
    """The kind of a name ("measure"), a URL slug ("massnahmen"), a model or an item."""
    if isinstance(value, ItemKind):
        return value
    if isinstance(value, str):
        kind = BY_NAME.get(value) or BY_SLUG.get(value)
    else:
        model = value if isinstance(value, type) else type(value)
        kind = BY_MODEL.get(model)
    if kind is None:
        raise Http404(_("Diese Art von Eintrag gibt es nicht."))
    return kind


def strategy_id_of(item) -> int:
    """The strategy an item belongs to (indicators and milestones through their measure)."""
    if isinstance(item, Indicator | Milestone):
        return item.measure.strategy_id
    return item.strategy_id


class ItemKindConverter:
    """URL converter: only the slugs of the registry match (`<kind:kind>`)."""

    regex = "|".join(kind.slug for kind in KINDS)

    def to_python(self, value: str) -> ItemKind:
        return BY_SLUG[value]

    def to_url(self, value) -> str:
        return kind_for(value).slug
