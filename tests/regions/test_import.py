"""Importing municipalities from CSV and boundaries from GeoJSON: all or nothing, idempotent."""

import io
import json

from django.core.exceptions import PermissionDenied

import pytest

from blaupause.core.models import AuditEvent
from blaupause.regions import demo, services
from blaupause.regions.models import District, Municipality, Region
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import square

pytestmark = pytest.mark.django_db

HEADER = "ags,name,kind,district,population,population_date,source\n"
GOOD = (
    "05766020,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus 2022\n"
    "05766044,Lemgo,Stadt,Kreis Lippe,39973,2022-05-15,Zensus 2022\n"
    "05711000,Bielefeld,kreisfreie Stadt,Bielefeld (kreisfreie Stadt),330072,2022-05-15,Zensus\n"
)


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_full_german_file_imports_once_and_a_second_run_changes_nothing():
    result = services.municipalities_import_csv(file=demo.DE_CSV)
    assert result.created == 10_786
    assert Municipality.objects.count() == 10_786
    assert District.objects.count() == 400
    assert result.districts_created == 400
    detmold = Municipality.objects.select_related("district").get(ags="05766020")
    assert detmold.name == "Detmold"
    assert detmold.population == 74_486
    assert str(detmold.population_date) == "2022-05-15"
    assert detmold.district.ags == "05766"
    berlin = District.objects.get(ags="11000")
    assert (berlin.name, berlin.kind) == ("Berlin", "kreisfreie_stadt")
    # Landkreis and kreisfreie Stadt of the same name get different, readable addresses.
    assert District.objects.get(ags="06633").slug == "kassel"
    assert District.objects.get(ags="06611").slug == "stadt-kassel"
    assert Municipality.history.count() == 10_786

    history_before = Municipality.history.count() + District.history.count()
    audit_before = AuditEvent.objects.count()
    again = services.municipalities_import_csv(file=demo.DE_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10_786)
    assert Municipality.objects.count() == 10_786
    assert District.objects.count() == 400
    assert Municipality.history.count() + District.history.count() == history_before
    assert AuditEvent.objects.count() == audit_before


def test_districts_join_the_region_with_the_matching_prefix():
    owl = services.region_ensure_owl()
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    lippe = District.objects.get(ags="05766")
    assert (lippe.name, lippe.slug, lippe.kind, lippe.region) == (
        "Kreis Lippe",
        "kreis-lippe",
        "kreis",
        owl,
    )
    bielefeld = District.objects.get(ags="05711")
    assert (bielefeld.name, bielefeld.kind) == ("Bielefeld", "kreisfreie_stadt")


def test_changed_rows_are_updated_with_history_and_an_audit_event():
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    detmold = Municipality.objects.get(ags="05766020")
    changed = GOOD.replace("74486", "75000")
    result = services.municipalities_import_csv(file=csv_file(HEADER + changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    detmold.refresh_from_db()
    assert detmold.population == 75_000
    assert detmold.version == 2
    assert detmold.history.count() == 2
    assert detmold.history.first().population == 75_000
    event = AuditEvent.objects.filter(verb="municipalities.imported").first()
    assert event.data["updated"] == 1


def test_broken_lines_are_all_reported_with_their_numbers_and_nothing_is_written():
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    before = list(Municipality.objects.values_list("ags", "population").order_by("ags"))
    broken = HEADER + (
        "05766020,Detmold,Stadt,Kreis Lippe,99999,2022-05-15,Zensus\n"  # line 2: fine
        "5766044,Lemgo,Stadt,Kreis Lippe,39973,2022-05-15,Zensus\n"  # line 3: 7-digit AGS
        "05766028,Extertal,Dorf,Kreis Lippe,11332,2022-05-15,Zensus\n"  # line 4: kind
        "05766032,Horn-Bad Meinberg,Stadt,Kreis Lippe,-5,2022-05-15,Zensus\n"  # line 5
        "05766036,Kalletal,Gemeinde,Kreis Lippe,13.279,2022-05-15,Zensus\n"  # line 6
        "05766040,Lage,Stadt,Kreis Lippe,35048,15.05.2022,Zensus\n"  # line 7: date
        "05766020,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus\n"  # line 8: duplicate
        "05766048,Leopoldshöhe,Gemeinde,Lippe,17125,2022-05-15,Zensus\n"  # line 9: other name
        "05766052,Lügde,Stadt,Kreis Lippe\n"  # line 10: too few columns
        "05766056,Oerlinghausen,Stadt,Kreis Lippe,17193,2022-02-30,Zensus\n"  # line 11
    )
    with pytest.raises(services.ImportFailed) as failure:
        services.municipalities_import_csv(file=csv_file(broken))
    message = str(failure.value)
    assert [error.line for error in failure.value.errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "Zeile 3: „5766044“ ist kein achtstelliger Gemeindeschlüssel (AGS)." in message
    assert "Zeile 4: Unbekannte Art „Dorf“" in message
    assert "Zeile 5: Die Einwohnerzahl „-5“ ist keine ganze Zahl" in message
    assert "Zeile 6: Die Einwohnerzahl „13.279“" in message
    assert "Zeile 7: Das Datum „15.05.2022“ ist kein Datum im Format JJJJ-MM-TT." in message
    assert "Zeile 8: Der AGS 05766020 steht schon in Zeile 2." in message
    assert "Zeile 9: Kreis „Lippe“ passt nicht zu „Kreis Lippe“ aus Zeile 2" in message
    assert "Zeile 10: 4 statt 7 Spalten." in message
    assert "Zeile 11: Das Datum „2022-02-30“" in message
    # Line 2 was valid, but nothing of the file may be half-imported.
    assert list(Municipality.objects.values_list("ags", "population").order_by("ags")) == before
    assert not Municipality.objects.filter(ags="05766028").exists()


def test_missing_columns_are_named():
    with pytest.raises(services.ImportFailed) as failure:
        services.municipalities_import_csv(file=csv_file("ags,name,kind\n05766020,Detmold,Stadt\n"))
    assert "Zeile 1: Es fehlen die Spalten district, population, population_date, source" in str(
        failure.value
    )
    assert Municipality.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Die Datei ist leer."),
        (HEADER.encode(), "Die Datei enthält keine Kommunen."),
        (
            (HEADER + "05766020,Detmold,Stadt,Kreis Lippe,74486,2022-05-15,Zensus\n").encode(
                "latin-1"
            )
            + "05766048,Leopoldshöhe,Gemeinde,Kreis Lippe,1,2022-05-15,Z\n".encode("latin-1"),
            "Zeile 3: Die Datei ist nicht UTF-8-kodiert.",
        ),
    ],
)
def test_empty_and_wrongly_encoded_files_give_a_clear_message(content, expected):
    with pytest.raises(services.ImportFailed) as failure:
        services.municipalities_import_csv(file=io.BytesIO(content))
    assert expected in str(failure.value)


def test_missing_file_is_reported_without_a_traceback(tmp_path):
    with pytest.raises(services.ImportFailed) as failure:
        services.municipalities_import_csv(file=tmp_path / "fehlt.csv")
    assert "wurde nicht gefunden" in str(failure.value)


def test_semicolons_byte_order_mark_and_optional_ars_column_are_accepted():
    text = "\ufeffags;name;kind;district;population;population_date;source;ars\n"
    text += "05766020;Detmold;Stadt;Kreis Lippe;74486;2022-05-15;Zensus;057660020020\n"
    result = services.municipalities_import_csv(file=csv_file(text))
    assert result.created == 1


def test_people_need_the_import_right():
    cdo = UserFactory()
    with pytest.raises(PermissionDenied):
        services.municipalities_import_csv(file=csv_file(HEADER + GOOD), actor=cdo)
    admin = UserFactory()
    region = Region.objects.create(slug="owl", name="Ostwestfalen-Lippe", ags_prefix="057")
    MembershipFactory(user=admin, role="regional_admin", region=region)
    result = services.municipalities_import_csv(file=csv_file(HEADER + GOOD), actor=admin)
    assert result.created == 3
    assert Municipality.history.filter(history_user=admin).count() == 3


def test_geometry_is_set_by_ags_and_loading_twice_changes_nothing():
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"ags": "05766020"}, "geometry": square(8.8, 51.9)},
            {"type": "Feature", "properties": {"ags": "09162000"}, "geometry": square(11.5, 48.1)},
        ],
    }
    text = json.dumps(collection).encode()
    result = services.regions_load_geometry(file=io.BytesIO(text))
    assert (result.updated, result.unchanged, result.skipped) == (1, 0, 1)
    assert Municipality.objects.get(ags="05766020").geometry == square(8.8, 51.9)
    assert Municipality.objects.get(ags="05766044").geometry is None
    again = services.regions_load_geometry(file=io.BytesIO(text))
    assert (again.updated, again.unchanged) == (0, 1)


def test_broken_geojson_is_refused_as_a_whole():
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"ags": "05766020"}, "geometry": square()},
            {
                "type": "Feature",
                "properties": {"ags": "05766044"},
                "geometry": {"type": "Point", "coordinates": [8.9, 52.0]},
            },
        ],
    }
    with pytest.raises(services.ImportFailed) as failure:
        services.regions_load_geometry(file=io.BytesIO(json.dumps(collection).encode()))
    assert "Objekt 2 (AGS 05766044): Geometrie muss Polygon oder MultiPolygon sein." in str(
        failure.value
    )
    assert Municipality.objects.get(ags="05766020").geometry is None
    with pytest.raises(services.ImportFailed, match="Kein gültiges JSON"):
        services.regions_load_geometry(file=io.BytesIO(b"{nope"))


def test_region_created_later_takes_over_its_districts():
    services.municipalities_import_csv(file=csv_file(HEADER + GOOD))
    assert District.objects.filter(region__isnull=True).count() == 2
    owl = services.region_ensure_owl()
    assert set(owl.districts.values_list("ags", flat=True)) == {"05711", "05766"}
    again = services.region_ensure_owl()
    assert again == owl
    assert Region.objects.count() == 1
