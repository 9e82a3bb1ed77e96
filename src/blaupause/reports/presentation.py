"""A strategy as a slide deck: title, who we are, vision, one slide per field, progress, outlook.

The deck is built from the strategy page selector (the whole tree plus the commitments
roll-up, as the viewer may see it) and, for a network, the network page selector (members and
map). The number of queries does not depend on the number of fields, goals or measures.
Speaker notes are German sentences written from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blaupause.regions.selectors import network_page
from blaupause.strategies.selectors import strategy_page

#: How many key measures a field-of-action slide shows.
KEY_MEASURES = 4
#: Geometry of the progress chart (SVG user units, 800 wide).
BAR_WIDTH = 680
ROW_HEIGHT = 52

KIND_TITLE = "title"
KIND_ABOUT = "about"
KIND_VISION = "vision"
KIND_FIELD = "field"
KIND_PROGRESS = "progress"
KIND_NEXT = "next"
KIND_SOURCES = "sources"


@dataclass
class Item:
    """One entry of a slide's list: a main text, an optional key and a smaller detail line."""

    text: str
    detail: str = ""
    key: str = ""
    url: str = ""


@dataclass
class Block:
    """A headed list on a slide (e.g. "Ziele", "Schwerpunkte")."""

    heading: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Bar:
    """One bar of the progress chart: average progress of a field across the municipalities."""

    key: str
    label: str
    percent: int | None
    committed: int
    total: int
    measures: int

    @property
    def value(self) -> int:
        return self.percent or 0

    @property
    def width(self) -> int:
        """Length of the bar in the chart's user units."""
        return round(self.value * BAR_WIDTH / 100)

    @property
    def percent_text(self) -> str:
        return "–" if self.percent is None else f"{self.percent} %"


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar]

    bar_width: int = BAR_WIDTH
    value_x: int = BAR_WIDTH + 12
    half_x: int = BAR_WIDTH // 2

    @property
    def axis_y(self) -> int:
        return len(self.bars) * ROW_HEIGHT

    @property
    def height(self) -> int:
        """Height of the SVG in user units: one row per bar plus the axis."""
        return self.axis_y + 28

    @property
    def rows(self) -> list[tuple[int, Bar]]:
        """(y position, bar) for drawing."""
        return [(index * ROW_HEIGHT, bar) for index, bar in enumerate(self.bars)]


@dataclass
class Slide:
    kind: str
    title: str
    lead: str = ""
    lead_markdown: bool = False  # the lead is Markdown text (a network's description)
    eyebrow: str = ""
    blocks: list[Block] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
    number: int = 0
    total: int = 0

    @property
    def anchor(self) -> str:
        return f"folie-{self.number}"

    @property
    def label(self) -> str:
        return _("Folie %(n)d von %(total)d: %(title)s") % {
            "n": self.number,
            "total": self.total,
            "title": self.title,
        }


@dataclass
class Deck:
    strategy: object
    slides: list[Slide]
    network_map: object | None = None
    has_demo: bool = False
    url: str = ""

    def __len__(self) -> int:
        return len(self.slides)


def _percent(rollup) -> int | None:
    return getattr(rollup, "percent", None) if rollup is not None else None


def _committed(item) -> int:
    return getattr(getattr(item, "rollup", None), "committed", 0) or 0


def key_measures(measures: list, *, count: int = KEY_MEASURES) -> list:
    """The measures a field slide names: most municipalities taking part, then highest weight,
    then the strategy's own order."""
    ranked = sorted(
        enumerate(measures),
        key=lambda pair: (-_committed(pair[1]), -(pair[1].weight or Decimal(0)), pair[0]),
    )
    return [measure for _index, measure in ranked[:count]]


def _owner_name(strategy) -> str:
    owner = strategy.owner
    return owner.name if owner is not None else ""


def _version_text(page) -> str:
    version = page.latest_version
    if version is None:
        return _("noch keine veröffentlichte Version")
    return _("Version %(n)d vom %(date)s") % {
        "n": version.number,
        "date": date_format(timezone.localtime(version.published_at), "DATE_FORMAT"),
    }


def _title_slide(strategy, page) -> Slide:
    facts = [
        (
            _("Netzwerk") if strategy.network_id else _("Kommune"),
            _owner_name(strategy),
        ),
        (_("Stand"), _version_text(page)),
        (_("Status"), strategy.get_status_display()),
    ]
    if strategy.adopted_body:
        adopted = strategy.adopted_body
        if strategy.adopted_on:
            adopted += ", " + date_format(strategy.adopted_on, "DATE_FORMAT")
        facts.append((_("Beschluss"), adopted))
    content = page.content
    notes = [
        _(
            "Begrüßung. „%(title)s“ ist die gemeinsame Strategie von %(owner)s: "
            "%(fields)d Handlungsfelder, %(goals)d Ziele und %(measures)d Maßnahmen."
        )
        % {
            "title": strategy.title,
            "owner": _owner_name(strategy),
            "fields": len(content.fields),
            "goals": len(content.goals),
            "measures": len(content.measures),
        }
    ]
    if strategy.slogan:
        notes.append(_("Leitsatz zum Einstieg: „%(slogan)s“") % {"slogan": strategy.slogan})
    return Slide(
        kind=KIND_TITLE,
        title=strategy.title,
        lead=strategy.slogan,
        eyebrow=_("Rahmenstrategie") if strategy.network_id else _("Digitalstrategie"),
        facts=facts,
        notes=notes,
    )


def _about_slide(strategy, members: list, rollup) -> Slide:
    owner = strategy.owner
    if strategy.network_id:
        network = strategy.network
        count = len(members)
        # The first paragraph is enough to introduce the network on a slide.
        lead = (network.description or "").strip().split("\n\n")[0]
        facts = [(_("Mitglieder"), str(count))]
        if network.coordinating_body:
            facts.append((_("Koordination"), network.coordinating_body))
        if network.founded:
            facts.append((_("Gegründet"), str(network.founded)))
        blocks = [
            Block(
                heading=_("Mitglieder"),
                items=[Item(text=member.name) for member in members],
            )
        ]
        notes = [
            ngettext(
                "%(network)s: %(count)d Kommune arbeitet an dieser Strategie mit.",
                "%(network)s: %(count)d Kommunen arbeiten gemeinsam an dieser Strategie.",
                count,
            )
            % {"network": network.name, "count": count}
        ]
        if network.coordinating_body:
            notes.append(
                _("Die Koordination liegt bei %(body)s.") % {"body": network.coordinating_body}
            )
    else:
        lead = _("Die Digitalstrategie der Kommune %(name)s.") % {"name": owner.name}
        facts = [(_("Kommune"), owner.name)]
        if getattr(owner, "district", None) is not None:
            facts.append((_("Kreis"), owner.district.name))
        blocks = []
        notes = [_("Eine Kommune stellt ihre eigene Digitalstrategie vor.")]
    if rollup is not None and rollup.total.committed:
        notes.append(
            ngettext(
                "%(n)d Kommune beteiligt sich bereits an mindestens einer Maßnahme.",
                "%(n)d Kommunen beteiligen sich bereits an mindestens einer Maßnahme.",
                rollup.total.committed,
            )
            % {"n": rollup.total.committed}
        )
    return Slide(
        kind=KIND_ABOUT,
        title=_("Wer wir sind"),
        eyebrow=_owner_name(strategy),
        lead=lead,
        lead_markdown=bool(strategy.network_id),
        facts=facts,
        blocks=blocks,
        notes=notes,
    )


def _vision_slide(strategy, content) -> Slide:
    values = [Item(text=value.title, detail=value.explanation) for value in content.values]
    notes = []
    if strategy.vision:
        notes.append(_("Das Leitbild in einem Satz vorlesen und kurz einordnen."))
    if values:
        notes.append(
            ngettext(
                "%(n)d Wert trägt die Zusammenarbeit: %(names)s.",
                "%(n)d Werte tragen die Zusammenarbeit: %(names)s.",
                len(values),
            )
            % {"n": len(values), "names": ", ".join(item.text for item in values)}
        )
    return Slide(
        kind=KIND_VISION,
        title=_("Leitbild und Werte"),
        lead=strategy.vision,
        blocks=[Block(heading=_("Werte"), items=values)] if values else [],
        notes=notes,
    )


def _field_slide(item, *, slug: str, municipality_count: int, has_rollup: bool) -> Slide:
    measures = item.measure_list
    chosen = key_measures(measures)
    goals = [Item(text=goal.title, key=goal.key) for goal in item.goal_list]
    highlights = []
    for measure in chosen:
        detail = measure.summary
        if has_rollup and getattr(measure, "rollup", None) is not None:
            detail = measure.rollup.label
        highlights.append(
            Item(
                text=measure.title,
                key=measure.key,
                detail=detail,
                url=reverse("strategies:measure_detail", kwargs={"slug": slug, "key": measure.key}),
            )
        )
    notes = [
        ngettext(
            "Handlungsfeld %(key)s umfasst %(measures)d Maßnahme",
            "Handlungsfeld %(key)s umfasst %(measures)d Maßnahmen",
            len(measures),
        )
        % {"key": item.key, "measures": len(measures)}
        + ngettext(" und %(goals)d Ziel.", " und %(goals)d Ziele.", len(goals))
        % {"goals": len(goals)}
    ]
    if has_rollup and measures:
        with_any = sum(1 for measure in measures if _committed(measure))
        with_all = sum(
            1
            for measure in measures
            if municipality_count and _committed(measure) >= municipality_count
        )
        notes.append(
            _(
                "%(any)d von %(total)d Maßnahmen haben mindestens eine beteiligte Kommune, "
                "%(all)d davon alle %(count)d."
            )
            % {
                "any": with_any,
                "total": len(measures),
                "all": with_all,
                "count": municipality_count,
            }
        )
        percent = _percent(getattr(item, "rollup", None))
        if percent is not None:
            notes.append(
                _("Durchschnittlicher Fortschritt im Handlungsfeld: %(p)d %%.") % {"p": percent}
            )
    if chosen:
        notes.append(
            _("Schwerpunkte: %(titles)s.")
            % {"titles": "; ".join(f"{m.key} {m.title}" for m in chosen)}
        )
    blocks = [Block(heading=_("Ziele"), items=goals)] if goals else []
    if highlights:
        blocks.append(Block(heading=_("Schwerpunkt-Maßnahmen"), items=highlights))
    return Slide(
        kind=KIND_FIELD,
        title=item.title,
        eyebrow=_("Handlungsfeld %(key)s") % {"key": item.key},
        lead=item.description,
        blocks=blocks,
        notes=notes,
    )


def _progress_slide(strategy, content, rollup) -> Slide:
    count = rollup.municipality_count
    bars = [
        Bar(
            key=item.key,
            label=item.title,
            percent=_percent(item.rollup),
            committed=_committed(item),
            total=count,
            measures=len(item.measure_list),
        )
        for item in content.fields
    ]
    measures = content.measures
    with_any = sum(1 for measure in measures if _committed(measure))
    with_all = sum(1 for measure in measures if count and _committed(measure) >= count)
    total = rollup.total
    chart = Chart(
        title=_("Durchschnittlicher Fortschritt je Handlungsfeld"),
        description=_(
            "Balkendiagramm: für jedes Handlungsfeld der durchschnittliche Fortschritt der "
            "beteiligten Kommunen in Prozent. Die Tabelle darunter nennt dieselben Werte."
        ),
        bars=bars,
    )
    facts = [
        (_("Maßnahmen"), str(len(measures))),
        (_("mit Beteiligung"), str(with_any)),
        (_("beteiligte Kommunen"), f"{total.committed} / {count}"),
        (_("Ø Fortschritt"), total.progress_text),
    ]
    notes = [
        _(
            "%(measures)d Maßnahmen, davon %(all)d mit Beteiligung aller %(count)d Kommunen "
            "und %(any)d mit mindestens einer beteiligten Kommune."
        )
        % {"measures": len(measures), "all": with_all, "count": count, "any": with_any},
        total.label + ".",
    ]
    ranked = [bar for bar in bars if bar.percent is not None]
    if ranked:
        best = max(ranked, key=lambda bar: bar.percent)
        notes.append(
            _("Am weitesten ist Handlungsfeld %(key)s „%(title)s“ mit %(p)d %%.")
            % {"key": best.key, "title": best.label, "p": best.percent}
        )
    if rollup.has_demo or strategy.demo_progress:
        notes.append(_("Hinweis an das Publikum: Die Fortschrittswerte sind Beispieldaten."))
    return Slide(
        kind=KIND_PROGRESS,
        title=_("Stand der Umsetzung"),
        facts=facts,
        chart=chart,
        notes=notes,
    )


def _next_slide(strategy, content, rollup, url: str) -> Slide:
    this_year = timezone.localdate().year
    upcoming = [
        measure
        for measure in content.measures
        if measure.start_year and this_year <= measure.start_year <= this_year + 1
    ]
    upcoming.sort(key=lambda measure: (measure.start_year, measure.key))
    items = [
        Item(
            text=measure.title,
            key=measure.key,
            detail=_("Beginn %(year)d") % {"year": measure.start_year},
        )
        for measure in upcoming[:KEY_MEASURES]
    ]
    open_measures = [m for m in content.measures if not _committed(m)] if rollup is not None else []
    steps = []
    if open_measures:
        steps.append(
            Item(
                text=ngettext(
                    "%(n)d Maßnahme sucht noch Kommunen, die mitmachen.",
                    "%(n)d Maßnahmen suchen noch Kommunen, die mitmachen.",
                    len(open_measures),
                )
                % {"n": len(open_measures)}
            )
        )
    steps.append(
        Item(text=_("Maßnahmen übernehmen, anpassen und den Fortschritt offen berichten."))
    )
    steps.append(Item(text=_("Die ganze Strategie im Netz"), detail=url, url=url))
    blocks = [Block(heading=_("Nächste Schritte"), items=steps)]
    if items:
        blocks.append(Block(heading=_("Demnächst beginnen"), items=items))
    facts = []
    if strategy.network_id and strategy.network.coordinating_body:
        facts.append((_("Ansprechpartner"), strategy.network.coordinating_body))
    notes = [_("Zum Mitmachen einladen und auf die Strategieseite verweisen.")]
    if upcoming:
        notes.append(
            ngettext(
                "%(n)d Maßnahme beginnt in diesem oder im nächsten Jahr.",
                "%(n)d Maßnahmen beginnen in diesem oder im nächsten Jahr.",
                len(upcoming),
            )
            % {"n": len(upcoming)}
        )
    return Slide(
        kind=KIND_NEXT,
        title=_("Wie es weitergeht"),
        blocks=blocks,
        facts=facts,
        notes=notes,
    )


def _sources_slide(strategy) -> Slide | None:
    sources = [
        Item(text=source.get("title", ""), detail=source.get("url", ""), url=source.get("url", ""))
        for source in strategy.sources or []
        if isinstance(source, dict) and source.get("title")
    ]
    for item in sources:  # only web addresses become links
        if not item.url.startswith(("https://", "http://")):
            item.url = ""
    if not sources and not strategy.reconstruction_notice:
        return None
    notes = []
    if strategy.reconstruction_notice:
        notes.append(
            _(
                "Wichtig: Diese Fassung ist aus öffentlichen Quellen rekonstruiert und "
                "nicht der Originaltext."
            )
        )
    if sources:
        notes.append(
            ngettext("%(n)d Quelle ist belegt.", "%(n)d Quellen sind belegt.", len(sources))
            % {"n": len(sources)}
        )
    return Slide(
        kind=KIND_SOURCES,
        title=_("Quellen"),
        lead=strategy.reconstruction_notice,
        blocks=[
            Block(
                heading=_("Verwendete Quellen (%(n)d)") % {"n": len(sources)},
                items=sources,
            )
        ]
        if sources
        else [],
        notes=notes,
    )


def deck_build(*, strategy, viewer, url: str = "") -> Deck:
    """The slides of a strategy as `viewer` may see it; `url` is the public strategy page.

    The caller checks that `viewer` may see the strategy (`strategies.selectors.strategy_get`).
    """
    page = strategy_page(strategy=strategy, viewer=viewer)
    content = page.content
    rollup = page.rollup
    members: list = []
    network_map = None
    if strategy.network_id:
        about = network_page(slug=strategy.network.slug)
        members = about.members
        network_map = about.map
    municipality_count = rollup.municipality_count if rollup is not None else len(members)
    slides = [
        _title_slide(strategy, page),
        _about_slide(strategy, members, rollup),
        _vision_slide(strategy, content),
    ]
    slides += [
        _field_slide(
            item,
            slug=strategy.slug,
            municipality_count=municipality_count,
            has_rollup=rollup is not None,
        )
        for item in content.fields
    ]
    if rollup is not None and content.fields:
        slides.append(_progress_slide(strategy, content, rollup))
    slides.append(_next_slide(strategy, content, rollup, url))
    sources = _sources_slide(strategy)
    if sources is not None:
        slides.append(sources)
    for number, slide in enumerate(slides, start=1):
        slide.number = number
        slide.total = len(slides)
    has_demo = bool(strategy.demo_progress or (rollup is not None and rollup.has_demo))
    return Deck(
        strategy=strategy, slides=slides, network_map=network_map, has_demo=has_demo, url=url
    )
