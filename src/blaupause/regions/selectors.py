"""Reads of the regions app for pages and the API, with their queries planned.

Nothing here loads the geometry of more municipalities than one map shows, and no page's
query count grows with the number of municipalities, districts or networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Max,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.http import Http404
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from . import maps
from .constants import SIZE_CLASS_BOUNDS, MunicipalityKind, SizeClass
from .geo import MapView
from .models import District, Municipality, Network, Region

__all__ = [
    "DistrictPage",
    "MunicipalityPage",
    "NetworkPage",
    "RegionOverview",
    "district_page",
    "municipality_get",
    "municipality_page",
    "municipality_rows",
    "municipality_search",
    "network_get",
    "network_list",
    "network_member_choices",
    "network_page",
    "region_default",
    "region_get",
    "region_overview",
    "size_class_range",
]

DEFAULT_REGION_SLUG = "owl"
_ALIVE_MUNICIPALITIES = Q(municipalities__deleted_at__isnull=True)
_LIST_FIELDS = (
    "ags",
    "name",
    "kind",
    "population",
    "population_date",
    "district__name",
    "district__slug",
    "district__kind",
)


def _has_geometry() -> ExpressionWrapper:
    return ExpressionWrapper(Q(geometry__isnull=False), output_field=BooleanField())


# --- regions -----------------------------------------------------------------------------------


def region_default() -> Region | None:
    """The region the start page shows: OWL if present, else the oldest one."""
    return Region.objects.order_by(
        Case(When(slug=DEFAULT_REGION_SLUG, then=0), default=1), "pk"
    ).first()


def region_get(*, slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404(_("Diese Region gibt es nicht."))
    return region


@dataclass
class RegionOverview:
    region: Region
    districts: list[District]
    networks: list[Network]
    map: MapView | None
    municipality_count: int = 0
    population: int = 0
    colours: dict[int, str] = field(default_factory=dict)

    @property
    def population_date(self):
        """The latest reference date of the population figures."""
        return max((d.population_date for d in self.districts if d.population_date), default=None)

    @property
    def district_count(self) -> int:
        return len(self.districts)

    @property
    def network_count(self) -> int:
        return len(self.networks)


def region_overview(*, region: Region) -> RegionOverview:
    """Key figures, districts with counts, map and networks of a region: four queries at most."""
    districts = list(
        District.objects.filter(region=region)
        .annotate(
            municipality_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES),
            population_sum=Sum("municipalities__population", filter=_ALIVE_MUNICIPALITIES),
            population_date=Max("municipalities__population_date", filter=_ALIVE_MUNICIPALITIES),
        )
        .order_by("name")
    )
    colours = {}
    for index, district in enumerate(districts):
        district.colour = maps.colour_class(index)
        colours[district.pk] = district.colour
    networks = list(
        Network.objects.filter(region=region)
        .select_related("district")
        .annotate(member_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES))
        .order_by("name")
    )
    in_region = Municipality.objects.filter(district__region=region)
    rows = maps.map_rows(in_region)
    map_view = maps.coloured_by_district(
        rows,
        in_region,
        district_ids=[district.pk for district in districts],
        labels={district.pk: district.name for district in districts},
        title=_("Karte der Kommunen in %(region)s") % {"region": region.name},
        description=_(
            "Jede Kommune ist ein Link zu ihrer Seite; die Farbe zeigt den Kreis. "
            "Die Tabelle nennt dieselben Kreise mit Zahlen."
        ),
    )
    return RegionOverview(
        region=region,
        districts=districts,
        networks=networks,
        map=map_view,
        municipality_count=sum(d.municipality_count for d in districts),
        population=sum(d.population_sum or 0 for d in districts),
        colours=colours,
    )


# --- districts ---------------------------------------------------------------------------------


@dataclass
class DistrictPage:
    district: District
    municipalities: list[Municipality]
    networks: list[Network]
    map: MapView | None

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.municipalities)


def district_page(*, slug: str) -> DistrictPage:
    """A district with its municipalities (table and map) and the networks active in it."""
    district = District.objects.select_related("region").filter(slug=slug).first()
    if district is None:
        raise Http404(_("Diesen Kreis gibt es nicht."))
    in_district = Municipality.objects.filter(district=district)
    municipalities = municipality_rows(
        in_district.only("ags", "name", "kind", "population", "updated_at", "district_id")
        .annotate(has_geometry=_has_geometry())
        .order_by("name", "ags")
    )
    rows = [
        maps.MapRow(ags=m.ags, name=m.name, updated_at=m.updated_at, district_id=m.district_id)
        for m in municipalities
        if m.has_geometry
    ]
    member_of_district = Network.municipalities.through.objects.filter(
        municipality__district=district, municipality__deleted_at__isnull=True
    ).values("network_id")
    networks = list(
        Network.objects.filter(Q(district=district) | Q(pk__in=member_of_district))
        .annotate(
            member_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES, distinct=True),
            members_here=Count(
                "municipalities",
                filter=_ALIVE_MUNICIPALITIES & Q(municipalities__district=district),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    map_view = maps.linked_areas(
        rows,
        in_district,
        title=_("Karte der Kommunen in %(district)s") % {"district": district.name},
        description=_(
            "Jede Kommune ist ein Link zu ihrer Seite. Die Tabelle nennt dieselben "
            "Kommunen mit Einwohnerzahl."
        ),
    )
    return DistrictPage(
        district=district, municipalities=municipalities, networks=networks, map=map_view
    )


# --- municipalities ----------------------------------------------------------------------------


def municipality_get(*, ags: str) -> Municipality:
    """One municipality by AGS, without its (large) boundary; 404 when unknown."""
    municipality = (
        Municipality.objects.select_related("district__region")
        .defer("geometry")
        .annotate(has_geometry=_has_geometry())
        .filter(ags=ags)
        .first()
    )
    if municipality is None:
        raise Http404(_("Eine Kommune mit diesem Gemeindeschlüssel gibt es nicht."))
    return municipality


@dataclass
class MunicipalityPage:
    municipality: Municipality
    networks: list[Network]
    map: MapView | None


def municipality_page(*, ags: str) -> MunicipalityPage:
    """A municipality with its networks and a small map of where it lies in its district."""
    municipality = municipality_get(ags=ags)
    # Filter through a subquery: filtering on the join itself would count only this member.
    memberships = Network.municipalities.through.objects.filter(municipality=municipality)
    networks = list(
        Network.objects.filter(pk__in=memberships.values("network_id"))
        .annotate(member_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES))
        .order_by("name")
    )
    map_view = None
    if municipality.has_geometry:
        in_district = Municipality.objects.filter(district_id=municipality.district_id)
        map_view = maps.highlighted(
            maps.map_rows(in_district),
            in_district,
            highlight={municipality.ags},
            title=_("Lage von %(name)s in %(district)s")
            % {"name": municipality.name, "district": municipality.district.name},
            description=_(
                "%(name)s ist dunkel hervorgehoben, die übrigen Kommunen des Kreises sind grau."
            )
            % {"name": municipality.name},
        )
    return MunicipalityPage(municipality=municipality, networks=networks, map=map_view)


def size_class_range(size_class: str) -> tuple[int | None, int | None]:
    """(lowest, highest exclusive) population of a size class; None means open."""
    lower = None
    for bound, value in SIZE_CLASS_BOUNDS:
        if value == size_class:
            return lower, bound
        lower = bound
    if size_class == SizeClass.FROM_100K:
        return lower, None
    raise ValueError(size_class)


def municipality_search(
    *, query: str = "", district_slug: str = "", kind: str = "", size_class: str = ""
) -> QuerySet[Municipality]:
    """Municipalities for the list page: by name or AGS, district, kind and size class.

    Only the columns of the table are loaded; paginate the result.
    """
    queryset = Municipality.objects.select_related("district").only(*_LIST_FIELDS)
    query = query.strip()
    if query:
        if query.isdigit():
            queryset = queryset.filter(ags__startswith=query)
        else:
            # SQLite compares only ASCII case-insensitively: also try the capitalised form, so
            # that "ölbronn" finds "Ölbronn" there too.
            capitalised = query[:1].upper() + query[1:]
            queryset = queryset.filter(Q(name__icontains=query) | Q(name__icontains=capitalised))
    if district_slug:
        queryset = queryset.filter(district__slug=district_slug)
    if kind and kind in MunicipalityKind.values:
        queryset = queryset.filter(kind=kind)
    if size_class and size_class in SizeClass.values:
        lower, upper = size_class_range(size_class)
        if lower is not None:
            queryset = queryset.filter(population__gte=lower)
        if upper is not None:
            queryset = queryset.filter(population__lt=upper)
    return queryset.order_by("name", "ags")


def _link_maker(name: str, kwarg: str):
    placeholder = "00000000"
    pattern = reverse(name, kwargs={kwarg: placeholder})
    return lambda value: pattern.replace(placeholder, value)


def municipality_rows(municipalities) -> list[Municipality]:
    """Attach what a table row shows (links, labels, grouped numbers), computed once per page.

    Rendering `get_absolute_url`, `get_kind_display` and number filters for every row costs
    more than the queries; rows get plain attributes instead: `url`, `kind_label`,
    `size_label`, `population_text`, `district_url`.
    """
    kinds = {value: str(label) for value, label in MunicipalityKind.choices}
    sizes = {value: str(label) for value, label in SizeClass.choices}
    municipality_url = _link_maker("regions:municipality_detail", "ags")
    district_url = _link_maker("regions:district_detail", "slug")
    separator = get_format("THOUSAND_SEPARATOR")
    rows = list(municipalities)
    for row in rows:
        row.url = municipality_url(row.ags)
        row.kind_label = kinds.get(row.kind, row.kind)
        size_class = row.size_class
        row.size_label = sizes[size_class] if size_class else "–"
        row.population_text = (
            f"{row.population:,}".replace(",", separator) if row.population is not None else "–"
        )
        if "district" in row._state.fields_cache:  # only when loaded with select_related
            row.district_url = district_url(row.district.slug)
    return rows


def district_choices() -> list[tuple[str, str]]:
    """(slug, name) of every district for the filter, in one query."""
    return list(District.objects.order_by("name").values_list("slug", "name"))


# --- networks ----------------------------------------------------------------------------------


def network_list() -> list[Network]:
    return list(
        Network.objects.select_related("region", "district")
        .annotate(member_count=Count("municipalities", filter=_ALIVE_MUNICIPALITIES))
        .order_by("name")
    )


def network_get(*, slug: str) -> Network:
    network = Network.objects.select_related("region", "district").filter(slug=slug).first()
    if network is None:
        raise Http404(_("Dieses Netzwerk gibt es nicht."))
    return network


@dataclass
class NetworkPage:
    network: Network
    members: list[Municipality]
    map: MapView | None

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.members)


def _network_scope(network: Network, members: list[Municipality]) -> Q:
    """The municipalities shown on a network's map: its region (or district) and its members.

    Written as two indexable conditions (district in …, pk in …) so that the database combines
    two index look-ups instead of scanning every municipality of the country.
    """
    if network.region_id:
        around = Q(district__in=District.objects.filter(region_id=network.region_id).values("pk"))
    elif network.district_id:
        around = Q(district_id=network.district_id)
    else:
        around = Q(district_id__in={m.district_id for m in members})
    return around | Q(pk__in=[m.pk for m in members])


def network_page(*, slug: str) -> NetworkPage:
    """A network with its member table and a map with the members highlighted."""
    network = network_get(slug=slug)
    members = municipality_rows(
        network.municipalities.select_related("district")
        .only(*_LIST_FIELDS)
        .order_by("name", "ags")
    )
    member_ags = {m.ags for m in members}
    scope = Municipality.objects.filter(_network_scope(network, members))
    map_view = maps.highlighted(
        maps.map_rows(scope),
        scope,
        highlight=member_ags,
        links=True,
        title=_("Karte der Mitglieder von %(network)s") % {"network": network.name},
        description=_(
            "Mitglieder sind dunkel hervorgehoben und verlinkt; die Tabelle nennt alle Mitglieder."
        ),
    )
    return NetworkPage(network=network, members=members, map=map_view)


def network_member_choices(*, network: Network) -> QuerySet[Municipality]:
    """Municipalities a network may have as members: its region (or district) and its members."""
    current = Network.municipalities.through.objects.filter(network=network).values(
        "municipality_id"
    )
    if network.region_id:  # a subquery, so that the database can use the district index
        scope = Q(district__in=District.objects.filter(region_id=network.region_id).values("pk"))
    elif network.district_id:
        scope = Q(district_id=network.district_id)
    else:
        scope = Q(district__in=Municipality.objects.filter(pk__in=current).values("district_id"))
    return (
        Municipality.objects.filter(scope | Q(pk__in=current))
        .select_related("district")
        .only("ags", "name", "district__name")
        .order_by("district__name", "name")
    )
