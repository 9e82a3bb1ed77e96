"""One document model for every report, built from the selectors of the other apps.

A `Document` is a tree of `Section`s holding blocks (`Paragraph`, `Facts`, `BulletList`, `Table`,
`Chart`). The three renderers (PDF via HTML, DOCX, Markdown) only lay it out; what a report says
and which numbers it may show is decided here, once. Every builder takes the `viewer` whose
permissions apply: the roll-ups and lists come from selectors that filter to what the viewer may
see *before* they count, so a public report never contains or reveals an internal commitment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from blaupause.commitments import rollup as rule
from blaupause.commitments.constants import CommitmentStatus
from blaupause.commitments.selectors import (
    band_legend,
    district_rollup,
    municipality_progress,
    network_progress,
    progress_band,
)
from blaupause.regions import maps
from blaupause.regions.geo import LAYER_AREA, MapArea, compose_map
from blaupause.strategies.selectors import strategy_page

from . import charts

SUBJECT_STRATEGY = "strategy"
SUBJECT_MUNICIPALITY = "municipality"
SUBJECT_DISTRICT = "district"
SUBJECT_NETWORK = "network"

# --- the model -----------------------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    style: str = "text"  # text | lead | notice | muted
    block_type: ClassVar[str] = "paragraph"


@dataclass
class Facts:
    """Terms and values (a definition list)."""

    items: list[tuple[str, str]]
    block_type: ClassVar[str] = "facts"


@dataclass
class BulletList:
    items: list[str]
    block_type: ClassVar[str] = "list"


@dataclass
class Table:
    """A data table: one header row; the first cell of each row names the row."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns
    block_type: ClassVar[str] = "table"

    @property
    def header_cells(self) -> list[tuple[str, bool]]:
        return [(text, index in self.numeric) for index, text in enumerate(self.headers)]

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        """Rows as (text, numeric) cells, for templates."""
        return [
            [(text, index in self.numeric) for index, text in enumerate(row)] for row in self.rows
        ]


@dataclass
class Chart:
    """An SVG chart and the same numbers as a table (its text alternative)."""

    title: str
    description: str
    svg: str
    table: Table
    bars: list[charts.Bar] = field(default_factory=list)  # for the DOCX picture
    segments: list[tuple[str, str, int]] = field(default_factory=list)  # (key, label, count)
    viewbox: str = ""  # maps: the viewBox of `areas`
    areas: list[tuple[str, str]] = field(default_factory=list)  # maps: (path data, fill)
    block_type: ClassVar[str] = "chart"


Block = Paragraph | Facts | BulletList | Table | Chart


@dataclass
class Section:
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(block for block in blocks if block is not None)
        return self


@dataclass
class Document:
    title: str
    kind_label: str  # "Strategiebericht", "Fortschrittsbericht"
    subject_label: str  # who or what the report is about
    sections: list[Section]
    subtitle: str = ""
    version_label: str = ""
    notice: str = ""  # the reconstruction notice, shown on the title page too
    demo_notice: bool = False
    shows_internal: bool = False
    created_at: datetime = field(default_factory=timezone.now)
    filename_stem: str = "bericht"

    @property
    def date_label(self) -> str:
        return date_format(timezone.localtime(self.created_at), "j. F Y")

    def walk(self) -> Iterator[tuple[int, Section]]:
        """Every section with its level (1 = chapter), in reading order."""

        def visit(sections: list[Section], level: int):
            for section in sections:
                yield level, section
                yield from visit(section.children, level + 1)

        yield from visit(self.sections, 1)

    def charts(self) -> list[Chart]:
        return [
            block
            for _level, section in self.walk()
            for block in section.blocks
            if isinstance(block, Chart)
        ]


# --- helpers -----------------------------------------------------------------------------------


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value} %"


def _status_parts(rollup: rule.Rollup) -> list[tuple[str, str, int]]:
    return [
        (status, str(CommitmentStatus(status).label), count)
        for status, count in rollup.by_status.items()
    ]


def _status_chart(rollup: rule.Rollup, *, subject: str) -> Chart | None:
    parts = _status_parts(rollup)
    total = sum(count for _s, _l, count in parts)
    if not total:
        return None
    title = _("Beteiligungen nach Status: %(subject)s") % {"subject": subject}
    description = _("%(total)s Beteiligungen, aufgeteilt nach ihrem Status. ") % {
        "total": total
    } + ", ".join(f"{label}: {count}" for _s, label, count in parts)
    return Chart(
        title=title,
        description=description,
        svg=charts.distribution_chart(title, description, parts),
        segments=parts,
        table=Table(
            caption=title,
            headers=[_("Status"), _("Beteiligungen")],
            rows=[[label, str(count)] for _s, label, count in parts],
            numeric=(1,),
        ),
    )


def _bar_chart(title: str, intro: str, rows: list[tuple[str, int | None, list[str]]], headers):
    """A bar chart of percentages; `rows` are (label, percent, further table cells)."""
    if not rows:
        return None
    description = (
        intro + " " + "; ".join(f"{label}: {_percent(value)}" for label, value, _cells in rows)
    )
    bars = [charts.Bar(label=label, value=value) for label, value, _cells in rows]
    return Chart(
        title=title,
        description=description,
        svg=charts.bar_chart(title, description, bars),
        bars=bars,
        table=Table(
            caption=title,
            headers=headers,
            rows=[[label, *cells, _percent(value)] for label, value, cells in rows],
            numeric=tuple(range(1, len(headers))),
        ),
    )


def _band_map(rows, *, title: str, description: str, queryset) -> Chart | None:
    """A choropleth of municipalities coloured by progress band, with its table.

    `rows` are (municipality with ags/name/updated_at/district_id, roll-up).
    """
    map_rows = [
        maps.MapRow(ags=m.ags, name=m.name, updated_at=m.updated_at, district_id=m.district_id)
        for m, _rollup in rows
    ]
    shapes = maps.cached_shapes(map_rows, queryset) if map_rows else None
    areas = [
        MapArea(
            key=m.ags,
            label=f"{m.name}: {rollup.progress_text}",
            layer=LAYER_AREA,
            css_class=progress_band(rollup),
        )
        for m, rollup in rows
    ]
    view = compose_map(shapes, areas, title=title, description=description)
    if view is None:
        return None
    fills = {area.key: charts.BAND_FILLS.get(area.css_class, "#dddddd") for area in view.areas}
    labels = dict(band_legend())
    shown = {area.css_class for area in view.areas}
    legend = [
        (charts.BAND_FILLS[band], str(label))
        for band, label in band_legend()
        if band in shown and band in charts.BAND_FILLS
    ]
    return Chart(
        title=title,
        description=description,
        svg=charts.choropleth(title, description, view, fills, legend=legend),
        viewbox=view.viewbox,
        areas=[(area.d, fills[area.key]) for area in view.areas],
        table=Table(
            caption=title,
            headers=[_("Kommune"), _("Ø Fortschritt"), _("Stufe")],
            rows=[
                [m.name, rollup.progress_text, str(labels.get(progress_band(rollup), ""))]
                for m, rollup in rows
            ],
            numeric=(1,),
        ),
    )


def _sources_section(sources) -> Section | None:
    items = []
    for source in sources or []:
        if not isinstance(source, dict):
            continue
        text = source.get("title") or source.get("id") or ""
        if source.get("url"):
            text += f" – {source['url']}"
        if source.get("accessed"):
            text += " " + _("(abgerufen %(when)s)") % {"when": source["accessed"]}
        if text:
            items.append(text)
    if not items:
        return None
    return Section(title=_("Quellen"), anchor="quellen").add(BulletList(items=items))


def _measure_facts(measure) -> Facts:
    items = []
    if measure.start_year or measure.end_year:
        period = "–".join(str(y) for y in (measure.start_year, measure.end_year) if y)
        items.append((_("Zeitraum"), period))
    if measure.effort:
        items.append((_("Aufwand"), str(measure.get_effort_display())))
    if measure.cost_band:
        items.append((_("Kosten"), str(measure.get_cost_band_display())))
    if measure.responsible_role:
        items.append((_("Verantwortlich"), measure.responsible_role))
    if measure.goal_list:
        items.append((_("Ziele"), ", ".join(f"{g.key} {g.title}" for g in measure.goal_list)))
    if measure.depends_on_list:
        items.append(
            (_("Baut auf"), ", ".join(f"{m.key} {m.title}" for m in measure.depends_on_list))
        )
    rollup = getattr(measure, "rollup", None)
    if rollup is not None:
        items.append((_("Umsetzung"), f"{rollup.label}; Ø {rollup.progress_text}"))
    return Facts(items=items)


# --- strategy report ---------------------------------------------------------------------------


def strategy_document(*, strategy, viewer) -> Document:
    """The strategy report: vision and values, fields with goals and measures, progress."""
    page = strategy_page(strategy=strategy, viewer=viewer)
    content = page.content
    rollup = page.rollup
    owner = strategy.owner
    version = page.latest_version
    if version is not None:
        version_label = _("Version %(number)s vom %(date)s") % {
            "number": version.number,
            "date": date_format(timezone.localtime(version.published_at), "j. F Y"),
        }
    else:
        version_label = _("Unveröffentlichter Arbeitsstand")
    sections: list[Section] = []

    if strategy.reconstruction_notice:
        sections.append(
            Section(title=_("Hinweis zur Rekonstruktion"), anchor="rekonstruktion").add(
                Paragraph(strategy.reconstruction_notice, style="notice")
            )
        )
    vision = Section(title=_("Leitbild und Werte"), anchor="leitbild")
    if strategy.slogan:
        vision.add(Paragraph(strategy.slogan, style="lead"))
    if strategy.vision:
        vision.add(Paragraph(strategy.vision))
    if strategy.preamble:
        vision.add(Paragraph(strategy.preamble))
    if content.values:
        values = Section(title=_("Werte"), anchor="werte")
        values.add(
            Facts(items=[(value.title, value.explanation or "") for value in content.values])
        )
        vision.children.append(values)
    sections.append(vision)

    fields_section = Section(title=_("Handlungsfelder"), anchor="handlungsfelder")
    if content.fields:
        fields_section.add(
            Table(
                caption=_("Handlungsfelder im Überblick"),
                headers=[_("Handlungsfeld"), _("Ziele"), _("Maßnahmen"), _("Ø Fortschritt")],
                rows=[
                    [
                        f"{item.key} {item.title}",
                        str(len(item.goal_list)),
                        str(len(item.measure_list)),
                        (getattr(item, "rollup", None) and item.rollup.progress_text) or "–",
                    ]
                    for item in content.fields
                ],
                numeric=(1, 2, 3),
            )
        )
    for item in content.fields:
        section = Section(
            title=f"{item.key} {item.title}", anchor=f"feld-{slugify(item.key) or item.pk}"
        )
        if item.description:
            section.add(Paragraph(item.description))
        if item.goal_list:
            section.add(
                Paragraph(_("Ziele"), style="lead"),
                BulletList(items=[f"{goal.key} {goal.title}" for goal in item.goal_list]),
            )
        if item.measure_list:
            section.add(
                Table(
                    caption=_("Maßnahmen im Handlungsfeld %(field)s") % {"field": item.title},
                    headers=[_("Maßnahme"), _("Kommunen beteiligt"), _("Ø Fortschritt")],
                    rows=[
                        [
                            f"{m.key} {m.title}",
                            str(m.rollup.committed) if getattr(m, "rollup", None) else "–",
                            m.rollup.progress_text if getattr(m, "rollup", None) else "–",
                        ]
                        for m in item.measure_list
                    ],
                    numeric=(1, 2),
                )
            )
        for measure in item.measure_list:
            child = Section(
                title=f"{measure.key} {measure.title}",
                anchor=f"massnahme-{slugify(measure.key) or measure.pk}",
            )
            if measure.summary:
                child.add(Paragraph(measure.summary, style="lead"))
            if measure.description:
                child.add(Paragraph(measure.description))
            child.add(_measure_facts(measure))
            section.children.append(child)
        fields_section.children.append(section)
    sections.append(fields_section)

    progress = Section(title=_("Fortschritt"), anchor="fortschritt")
    if rollup is not None:
        progress.add(
            Paragraph(
                _("Stand der Umsetzung: %(label)s; Ø Fortschritt %(progress)s.")
                % {"label": rollup.total.label, "progress": rollup.total.progress_text}
            ),
            _bar_chart(
                _("Fortschritt je Handlungsfeld"),
                _("Durchschnittlicher Fortschritt der Maßnahmen je Handlungsfeld."),
                [
                    (
                        f"{item.key} {item.title}",
                        item.rollup.percent,
                        [str(len(item.measure_list)), str(item.rollup.committed)],
                    )
                    for item in content.fields
                    if getattr(item, "rollup", None) is not None
                ],
                [_("Handlungsfeld"), _("Maßnahmen"), _("Kommunen beteiligt"), _("Ø Fortschritt")],
            ),
            _status_chart(rollup.total, subject=strategy.title),
        )
        if strategy.network_id:
            members = network_progress(
                network=strategy.network, viewer=viewer, strategy_slug=strategy.slug
            )
            progress.add(*_member_blocks(members, strategy.network))
        progress.add(
            Paragraph(
                _(
                    "Öffentliche Zahlen zählen nur öffentliche Beteiligungen; „umgesetzt“ zählt "
                    "mit 100 %, „verworfen“ zählt nicht."
                ),
                style="muted",
            )
        )
    else:
        progress.add(Paragraph(_("Für diese Strategie gibt es keine Fortschrittsdaten.")))
    sections.append(progress)
    if sources := _sources_section(strategy.sources):
        sections.append(sources)

    return Document(
        title=strategy.title,
        kind_label=_("Strategiebericht"),
        subject_label=str(owner) if owner else "",
        subtitle=strategy.slogan,
        version_label=version_label,
        notice=strategy.reconstruction_notice,
        demo_notice=bool(strategy.demo_progress or (rollup and rollup.has_demo)),
        shows_internal=_shows_internal(viewer),
        sections=sections,
        filename_stem=f"strategiebericht-{strategy.slug}",
    )


def _shows_internal(viewer) -> bool:
    """Whether numbers may include internal commitments (the viewer is signed in)."""
    return bool(getattr(viewer, "is_authenticated", False))


def _member_blocks(data, network) -> list[Block]:
    """A choropleth of a network's members by progress (or a table where no map can be drawn)."""
    if not data.members:
        return []
    from blaupause.regions.models import Municipality

    rows = [(row.municipality, row.rollup) for row in data.members]
    blocks: list[Block] = []
    chart = _band_map(
        rows,
        title=_("Karte: Fortschritt der Mitglieder von %(network)s") % {"network": network.name},
        description=_(
            "Je dunkler eine Kommune, desto weiter ist sie bei ihren Maßnahmen (Durchschnitt). "
            "Die Tabelle nennt dieselben Zahlen."
        ),
        queryset=Municipality.objects.filter(pk__in=[m.pk for m, _r in rows]),
    )
    if chart is not None:
        blocks.append(chart)
    else:
        blocks.append(
            Table(
                caption=_("Fortschritt der Mitglieder von %(network)s") % {"network": network.name},
                headers=[_("Kommune"), _("Beteiligung"), _("Ø Fortschritt")],
                rows=[[m.name, r.label, r.progress_text] for m, r in rows],
                numeric=(2,),
            )
        )
    return blocks


# --- progress reports --------------------------------------------------------------------------


def municipality_document(*, municipality, viewer) -> Document:
    """The progress report of one municipality: its commitments by field, as `viewer` sees them."""
    progress = municipality_progress(municipality=municipality, viewer=viewer)
    summary = progress.rollup
    overview = Section(title=_("Überblick"), anchor="ueberblick").add(
        Facts(
            items=[
                (_("Maßnahmen mit Beteiligung"), str(summary.measures_committed)),
                (_("davon umgesetzt"), str(summary.done)),
                (_("Ø Fortschritt"), summary.progress_text),
                (_("Maßnahmen zur Auswahl"), str(summary.measure_count)),
            ]
        )
    )
    field_rows = []
    for group in progress.groups:
        group_rollup = rule.commitments_rollup(
            rule.tally(
                rule.Entry(c.status, c.progress, c.measure.weight, c.is_demo) for c in group.items
            ),
            measure_count=len(group.items),
        )
        field_rows.append(
            (
                f"{group.field.title} ({group.strategy.title})",
                group_rollup.percent,
                [str(len(group.items))],
            )
        )
    overview.add(
        _bar_chart(
            _("Fortschritt je Handlungsfeld: %(name)s") % {"name": municipality.name},
            _("Durchschnittlicher Fortschritt der Beteiligungen je Handlungsfeld."),
            field_rows,
            [_("Handlungsfeld"), _("Beteiligungen"), _("Ø Fortschritt")],
        ),
        _status_chart(summary, subject=municipality.name),
    )
    details = Section(title=_("Beteiligungen nach Handlungsfeld"), anchor="beteiligungen")
    if not progress.groups:
        details.add(
            Paragraph(
                _("%(name)s hat sich noch an keiner Maßnahme beteiligt.")
                % {"name": municipality.name}
            )
        )
    for group in progress.groups:
        details.children.append(
            Section(
                title=f"{group.field.title} ({group.strategy.title})",
                anchor=f"feld-{group.field.pk}",
            ).add(
                Table(
                    caption=_("Beteiligungen im Handlungsfeld %(field)s")
                    % {"field": group.field.title},
                    headers=[_("Maßnahme"), _("Status"), _("Rolle"), _("Fortschritt")],
                    rows=[
                        [
                            f"{c.measure.key} {c.measure.title}"
                            + ("" if c.is_public else " " + _("(intern)")),
                            str(c.get_status_display()),
                            str(c.get_role_display()),
                            f"{c.effective_progress} %",
                        ]
                        for c in group.items
                    ],
                    numeric=(3,),
                )
            )
        )
    if progress.shows_internal:
        details.add(
            Paragraph(
                _(
                    "„intern“: nur für die Kommune und die Regionaladministration sichtbar, "
                    "nicht öffentlich und nicht in öffentlichen Zahlen."
                ),
                style="muted",
            )
        )
    return Document(
        title=_("Fortschrittsbericht %(name)s") % {"name": municipality.name},
        kind_label=_("Fortschrittsbericht"),
        subject_label=municipality.name,
        version_label=_("Stand der Daten: %(date)s")
        % {"date": date_format(timezone.localtime(timezone.now()), "j. F Y")},
        demo_notice=progress.has_demo,
        shows_internal=progress.shows_internal,
        sections=[overview, details],
        filename_stem=f"fortschritt-{municipality.ags}",
    )


def district_document(*, district, viewer) -> Document:
    """The progress report of a district: each municipality's roll-up, chart and map."""
    from blaupause.regions.models import Municipality

    area = district_rollup(district=district, viewer=viewer)
    overview = Section(title=_("Überblick"), anchor="ueberblick").add(
        Facts(
            items=[
                (_("Kommunen"), str(area.total.municipality_count)),
                (_("Kommunen mit Beteiligung"), str(area.total.committed)),
                (_("Beteiligungen umgesetzt"), str(area.total.done)),
                (_("Ø Fortschritt"), area.total.progress_text),
            ]
        ),
        _status_chart(area.total, subject=district.name),
    )
    municipalities = Section(title=_("Kommunen"), anchor="kommunen")
    in_district = Municipality.objects.filter(district=district)
    light = {row.ags: row for row in maps.map_rows(in_district)}
    map_rows = [
        (light[m.ags], rollup)
        for m, rollup, _url in area.rows
        if m.ags in light  # only municipalities with a boundary can be drawn
    ]
    municipalities.add(
        _bar_chart(
            _("Fortschritt der Kommunen in %(district)s") % {"district": district.name},
            _("Durchschnittlicher Fortschritt jeder Kommune über ihre Beteiligungen."),
            [
                (m.name, rollup.percent, [str(rollup.measures_committed), str(rollup.done)])
                for m, rollup, _url in area.rows
            ],
            [_("Kommune"), _("Beteiligungen"), _("umgesetzt"), _("Ø Fortschritt")],
        ),
        _band_map(
            map_rows,
            title=_("Karte: Fortschritt in %(district)s") % {"district": district.name},
            description=_(
                "Je dunkler eine Kommune, desto weiter ist sie bei ihren Maßnahmen "
                "(Durchschnitt). Die Tabelle nennt dieselben Zahlen."
            ),
            queryset=in_district,
        )
        if map_rows
        else None,
    )
    return Document(
        title=_("Fortschrittsbericht %(name)s") % {"name": district.name},
        kind_label=_("Fortschrittsbericht"),
        subject_label=district.name,
        version_label=_("Stand der Daten: %(date)s")
        % {"date": date_format(timezone.localtime(timezone.now()), "j. F Y")},
        demo_notice=area.has_demo,
        shows_internal=_shows_internal(viewer),
        sections=[overview, municipalities],
        filename_stem=f"fortschritt-{district.slug}",
    )


def network_document(*, network, viewer) -> Document:
    """The progress report of a network: its strategy's fields, measures and members."""
    data = network_progress(network=network, viewer=viewer)
    sections = []
    overview = Section(title=_("Überblick"), anchor="ueberblick")
    if data.strategy is None or data.rollup is None:
        overview.add(Paragraph(_("Dieses Netzwerk hat noch keine Strategie.")))
        sections.append(overview)
    else:
        total = data.rollup.total
        overview.add(
            Facts(
                items=[
                    (_("Strategie"), data.strategy.title),
                    (_("Mitglieder"), str(len(data.members))),
                    (_("Umsetzung"), total.label),
                    (_("Ø Fortschritt"), total.progress_text),
                ]
            ),
            _bar_chart(
                _("Fortschritt je Handlungsfeld"),
                _("Durchschnittlicher Fortschritt der Maßnahmen je Handlungsfeld."),
                [
                    (f"{f.key} {f.title}", r.percent, [str(r.measure_count), str(r.committed)])
                    for f, r in data.fields
                ],
                [_("Handlungsfeld"), _("Maßnahmen"), _("Kommunen beteiligt"), _("Ø Fortschritt")],
            ),
            _status_chart(total, subject=network.name),
        )
        sections.append(overview)
        members = Section(title=_("Mitglieder"), anchor="mitglieder")
        members.add(*_member_blocks(data, network))
        sections.append(members)
        measures = Section(title=_("Maßnahmen"), anchor="massnahmen").add(
            Table(
                caption=_("Maßnahmen der Strategie %(strategy)s")
                % {"strategy": data.strategy.title},
                headers=[_("Maßnahme"), _("Handlungsfeld"), _("Beteiligung"), _("Ø Fortschritt")],
                rows=[
                    [
                        f"{row.measure.key} {row.measure.title}",
                        row.measure.field.title,
                        row.rollup.label,
                        row.rollup.progress_text,
                    ]
                    for row in data.measures
                ],
                numeric=(3,),
            )
        )
        sections.append(measures)
    return Document(
        title=_("Fortschrittsbericht %(name)s") % {"name": network.name},
        kind_label=_("Fortschrittsbericht"),
        subject_label=network.name,
        version_label=_("Stand der Daten: %(date)s")
        % {"date": date_format(timezone.localtime(timezone.now()), "j. F Y")},
        demo_notice=data.has_demo,
        shows_internal=_shows_internal(viewer),
        sections=sections,
        filename_stem=f"fortschritt-{network.slug}",
    )


BUILDERS = {
    SUBJECT_STRATEGY: strategy_document,
    SUBJECT_MUNICIPALITY: municipality_document,
    SUBJECT_DISTRICT: district_document,
    SUBJECT_NETWORK: network_document,
}


def build_document(*, subject_kind: str, subject, viewer) -> Document:
    """The document for `subject` (a strategy, municipality, district or network)."""
    builder = BUILDERS[subject_kind]
    return builder(**{subject_kind: subject, "viewer": viewer})
