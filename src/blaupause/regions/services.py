"""Writes of the regions app: imports of reference data, profile and network edits.

Every function checks the permission (when a person acts), records an audit event and keeps
history; imports are all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned

from .constants import DistrictKind
from .csv_import import (
    ImportFailed,
    MunicipalityRow,
    parse_geojson,
    parse_municipality_csv,
    read_text,
)
from .models import District, Municipality, Network, Region

__all__ = [
    "ImportFailed",
    "ImportResult",
    "municipalities_import_csv",
    "municipality_profile_update",
    "network_ensure",
    "network_update",
    "region_ensure_owl",
    "regions_load_geometry",
]

BATCH_SIZE = 500
IMPORT_REASON = "import"
OWL = {
    "slug": "owl",
    "name": "Ostwestfalen-Lippe",
    "short_name": "OWL",
    "ags_prefix": "057",
    "office_name": "DigitalBüro OWL",
    "description": (
        "Ostwestfalen-Lippe ist der Regierungsbezirk Detmold: die kreisfreie Stadt Bielefeld "
        "und die Kreise Gütersloh, Herford, Höxter, Lippe, Minden-Lübbecke und Paderborn "
        "mit zusammen 70 Städten und Gemeinden."
    ),
}
_MUNICIPALITY_IMPORT_FIELDS = (
    "name",
    "kind",
    "district_id",
    "population",
    "population_date",
    "population_source",
)

MUNICIPALITY_DENIED = gettext_lazy("Sie können nur die Daten Ihrer eigenen Kommune ändern.")
NETWORK_DENIED = gettext_lazy(
    "Nur die Koordination dieses Netzwerks und die Regionaladministration können es ändern."
)


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    districts_created: int = 0
    districts_updated: int = 0
    skipped: int = 0  # e.g. boundaries of municipalities that are not in the registry

    @property
    def changed(self) -> bool:
        return bool(
            self.created or self.updated or self.districts_created or self.districts_updated
        )


def _check_import_permission(actor) -> None:
    """`actor=None` is the system (command line, demo); a person needs the import right."""
    if actor is not None and not actor.has_perm("regions.import_municipalities"):
        raise PermissionDenied(_("Nur die Regionaladministration kann Kommunen importieren."))


def _history_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- import of municipalities ------------------------------------------------------------------


@transaction.atomic
def municipalities_import_csv(*, file: str | Path | IO[Any], actor=None) -> ImportResult:
    """Create or update municipalities (and their districts) from a CSV file, all or nothing.

    Every line is checked first; any broken line raises `ImportFailed` naming all of them and
    nothing is written. Rows are matched by AGS; unchanged rows are not touched, so importing
    the same file twice changes nothing. Districts come from AGS[:5] and the `district` column
    and join the region whose `ags_prefix` matches; an existing district keeps its name.
    """
    _check_import_permission(actor)
    rows = parse_municipality_csv(read_text(file))
    now = timezone.now()
    user = _history_user(actor)
    districts, districts_created, districts_updated = _upsert_districts(rows, now=now, user=user)

    existing: dict[str, Municipality] = {}
    all_ags = [row.ags for row in rows]
    for start in range(0, len(all_ags), BATCH_SIZE):  # keep the IN (...) list small for SQLite
        chunk = all_ags[start : start + BATCH_SIZE]
        for municipality in Municipality.all_objects.filter(ags__in=chunk).defer("geometry"):
            existing[municipality.ags] = municipality

    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    for row in rows:
        values = {
            "name": row.name,
            "kind": row.kind,
            "district_id": districts[row.district_ags].pk,
            "population": row.population,
            "population_date": row.population_date,
            "population_source": row.source,
        }
        municipality = existing.get(row.ags)
        if municipality is None:
            to_create.append(Municipality(ags=row.ags, created_at=now, **values))
            continue
        if any(getattr(municipality, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(municipality, name, value)
            municipality.version += 1
            municipality.updated_at = now
            to_update.append(municipality)

    if to_create:
        bulk_create_with_history(
            to_create,
            Municipality,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Municipality,
            fields=[*_MUNICIPALITY_IMPORT_FIELDS, "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
            manager=Municipality.all_objects,
        )
    result = ImportResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
        districts_created=districts_created,
        districts_updated=districts_updated,
    )
    if result.changed:
        audit_record(
            actor=actor,
            verb="municipalities.imported",
            data={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "districts_created": result.districts_created,
                "districts_updated": result.districts_updated,
            },
        )
    return result


def _upsert_districts(
    rows: list[MunicipalityRow], *, now, user
) -> tuple[dict[str, District], int, int]:
    wanted: dict[str, tuple[str, str]] = {}
    for row in rows:
        wanted.setdefault(row.district_ags, (row.district_name, row.district_kind))
    regions = {region.ags_prefix: region for region in Region.all_objects.all()}
    existing = {d.ags: d for d in District.all_objects.filter(ags__in=list(wanted))}
    taken_slugs = set(District.all_objects.values_list("slug", flat=True))

    to_create: list[District] = []
    to_update: list[District] = []
    # Kreise first, so that "Kassel" the Landkreis keeps "kassel" and the city gets "stadt-kassel".
    order = sorted(wanted, key=lambda ags: (wanted[ags][1] == DistrictKind.KREISFREIE_STADT, ags))
    for ags in order:
        name, kind = wanted[ags]
        region = regions.get(ags[:3])
        district = existing.get(ags)
        if district is None:
            slug = _free_district_slug(name, kind, ags, taken_slugs)
            taken_slugs.add(slug)
            district = District(
                ags=ags, name=name, slug=slug, kind=kind, region=region, created_at=now
            )
            to_create.append(district)
            existing[ags] = district
            continue
        # The name of an existing district is kept: sources spell Kreise differently ("Lippe"
        # in the national file, "Kreis Lippe" in the OWL file) and the name may have been
        # curated. Kind and region follow the file.
        changed = district.kind != kind
        if region is not None and district.region_id is None:
            district.region = region
            changed = True
        if changed:
            district.kind = kind
            district.version += 1
            district.updated_at = now
            to_update.append(district)
    if to_create:
        created = bulk_create_with_history(
            to_create,
            District,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
        )
        for district in created:
            existing[district.ags] = district
    if to_update:
        bulk_update_with_history(
            to_update,
            District,
            fields=["kind", "region", "version", "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=IMPORT_REASON,
            default_date=now,
            manager=District.all_objects,
        )
    return existing, len(to_create), len(to_update)


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """'Kreis Gütersloh' -> 'kreis-guetersloh' (umlauts spelled out as in German addresses)."""
    return slugify(text.translate(_UMLAUTS))


def _free_district_slug(name: str, kind: str, ags: str, taken: set[str]) -> str:
    """A stable, readable slug: 'kreis-lippe', 'bielefeld', 'stadt-kassel' if 'kassel' is taken."""
    base = german_slug(name)[:180] or ags
    candidates = [base]
    if kind == DistrictKind.KREISFREIE_STADT:
        candidates.append(f"stadt-{base}")
    candidates.append(f"{base}-{ags}")
    return next((slug for slug in candidates if slug not in taken), f"{ags}")


# --- geometry ----------------------------------------------------------------------------------


@transaction.atomic
def regions_load_geometry(*, file: str | Path | IO[Any], actor=None) -> ImportResult:
    """Set municipality boundaries by AGS from a GeoJSON FeatureCollection (all or nothing).

    Features whose AGS is not in the registry are counted as unchanged and left out.
    """
    _check_import_permission(actor)
    geometries = parse_geojson(read_text(file))
    now = timezone.now()
    changed: list[Municipality] = []
    matched = 0
    keys = list(geometries)
    for start in range(0, len(keys), BATCH_SIZE):
        chunk = keys[start : start + BATCH_SIZE]
        for municipality in Municipality.all_objects.filter(ags__in=chunk).only(
            "pk", "ags", "geometry", "updated_at"
        ):
            matched += 1
            geometry = geometries[municipality.ags]
            if municipality.geometry != geometry:
                municipality.geometry = geometry
                municipality.updated_at = now  # also renews the cached map shapes
                changed.append(municipality)
    if changed:
        # Geometry is not part of the history (too large); the audit line records the load.
        Municipality.all_objects.bulk_update(
            changed, ["geometry", "updated_at"], batch_size=BATCH_SIZE
        )
        audit_record(
            actor=actor, verb="municipalities.geometry_loaded", data={"updated": len(changed)}
        )
    return ImportResult(
        updated=len(changed), unchanged=matched - len(changed), skipped=len(geometries) - matched
    )


# --- regions -----------------------------------------------------------------------------------


@transaction.atomic
def region_ensure_owl(*, actor=None) -> Region:
    """Make sure the region Ostwestfalen-Lippe exists and holds its districts (idempotent).

    An existing region is not changed, so edits made later survive a repeated run.
    """
    _check_import_permission(actor)
    region = Region.all_objects.filter(slug=OWL["slug"]).first()
    if region is None:
        region = Region.all_objects.filter(ags_prefix=OWL["ags_prefix"]).first()
    if region is None:
        region = Region.objects.create(**OWL)
        audit_record(actor=actor, verb="region.created", target=region)
    orphans = list(
        District.all_objects.filter(region__isnull=True, ags__startswith=region.ags_prefix)
    )
    if orphans:
        now = timezone.now()
        for district in orphans:
            district.region = region
            district.version += 1
            district.updated_at = now
        bulk_update_with_history(
            orphans,
            District,
            fields=["region", "version", "updated_at"],
            default_user=_history_user(actor),
            default_change_reason=IMPORT_REASON,
            default_date=now,
            manager=District.all_objects,
        )
    return region


# --- edits by people ---------------------------------------------------------------------------


@transaction.atomic
def municipality_profile_update(
    *,
    actor,
    municipality: Municipality,
    website: str,
    contact_name: str,
    contact_email: str,
    description: str,
    expected_version: int,
) -> Municipality:
    """Change a municipality's profile; its CDOs and regional admins only.

    Raises PermissionDenied for anyone else and EditConflict when someone saved in between.
    """
    if not actor.has_perm("regions.change_municipality", municipality):
        raise PermissionDenied(MUNICIPALITY_DENIED)
    values = {
        "website": website,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "description": description,
    }
    changed = sorted(name for name, value in values.items() if getattr(municipality, name) != value)
    for name, value in values.items():
        setattr(municipality, name, value)
    save_versioned(municipality, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="municipality.profile_updated",
        target=municipality,
        data={"fields": changed},
    )
    return municipality


@transaction.atomic
def network_update(
    *,
    actor,
    network: Network,
    description: str,
    history_text: str,
    coordinating_body: str,
    members: Iterable[Municipality],
    expected_version: int,
) -> Network:
    """Change a network's texts and members; its coordination and regional admins only.

    Raises PermissionDenied for anyone else and EditConflict when someone saved in between.
    """
    if not actor.has_perm("regions.change_network", network):
        raise PermissionDenied(NETWORK_DENIED)
    values = {
        "description": description,
        "history_text": history_text,
        "coordinating_body": coordinating_body,
    }
    changed = sorted(name for name, value in values.items() if getattr(network, name) != value)
    for name, value in values.items():
        setattr(network, name, value)
    save_versioned(network, expected_version=expected_version)
    members = list(members)
    before = dict(network.municipalities.values_list("pk", "ags"))
    after = {municipality.pk: municipality.ags for municipality in members}
    if before.keys() != after.keys():
        network.municipalities.set(members)
        changed.append("municipalities")
    audit_record(
        actor=actor,
        verb="network.updated",
        target=network,
        data={
            "fields": changed,
            "members_added": sorted(ags for pk, ags in after.items() if pk not in before),
            "members_removed": sorted(ags for pk, ags in before.items() if pk not in after),
        },
    )
    return network


@transaction.atomic
def network_ensure(
    *,
    slug: str,
    name: str,
    member_ags: Iterable[str] = (),
    actor=None,
    **fields,
) -> tuple[Network, bool]:
    """Create the network `slug` with its members unless it exists; returns (network, created).

    An existing network is left exactly as it is, so that repeated runs (demo, set-up scripts)
    never undo what its coordination has changed since.
    """
    _check_import_permission(actor)
    network = Network.all_objects.filter(slug=slug).first()
    if network is not None:
        return network, False
    network = Network.objects.create(slug=slug, name=name, **fields)
    members = list(Municipality.objects.filter(ags__in=list(member_ags)).only("pk"))
    network.municipalities.set(members)
    audit_record(
        actor=actor, verb="network.created", target=network, data={"members": len(members)}
    )
    return network, True
