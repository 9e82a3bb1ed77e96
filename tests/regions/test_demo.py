"""Reference data and demo content for `blaupause demo`: complete, sourced, idempotent."""

import pytest

from blaupause.core.models import AuditEvent
from blaupause.regions import demo
from blaupause.regions.models import District, Municipality, Network, Region

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "regions": list(Region.all_objects.values_list("slug", "version")),
        "districts": list(District.all_objects.values_list("ags", "version", "region_id")),
        "municipalities": list(
            Municipality.all_objects.values_list("ags", "version", "population", "updated_at")
        ),
        "networks": list(Network.all_objects.values_list("slug", "version", "updated_at")),
        "members": sorted(
            Network.municipalities.through.objects.values_list("network_id", "municipality_id")
        ),
        "history": (
            Municipality.history.count(),
            District.history.count(),
            Network.history.count(),
        ),
        "audit": AuditEvent.objects.count(),
    }


def test_reference_data_is_the_owl_region_with_its_districts_and_boundaries():
    region = demo.load_reference_data()
    assert (region.slug, region.name, region.short_name, region.ags_prefix, region.office_name) == (
        "owl",
        "Ostwestfalen-Lippe",
        "OWL",
        "057",
        "DigitalBüro OWL",
    )
    assert region.districts.count() == 7
    assert District.objects.get(slug="kreis-lippe").municipalities.count() == 16
    assert Municipality.objects.filter(district__region=region).count() == 70
    assert Municipality.objects.filter(geometry__isnull=True).count() == 0
    assert sum(Municipality.objects.values_list("population", flat=True)) == 2_062_686


def test_demo_content_has_the_lippe_network_and_an_owl_demo_network():
    demo.load_reference_data()
    demo.load_demo_content()
    lippe = Network.objects.get(slug="lippe")
    assert lippe.name == "Netzwerk der lippischen Digitalisierungsbeauftragten"
    assert lippe.founded == 2019
    assert lippe.municipalities.count() == 16
    assert set(lippe.municipalities.values_list("district__slug", flat=True)) == {"kreis-lippe"}
    assert "Bestes Kooperationsprojekt" in lippe.history_text
    assert "Lippe lebt Digitalisierung" in lippe.history_text
    assert "https://citylife-hi.de/" in lippe.history_text
    owl = Network.objects.exclude(slug__in=["lippe", "kreis-hoexter"]).get()
    assert owl.municipalities.count() == 70
    assert owl.coordinating_body.startswith("DigitalBüro OWL")
    assert "Demo" in owl.name
    assert "Demo-Inhalt" in owl.description


def test_running_everything_twice_changes_nothing():
    demo.load_reference_data()
    demo.load_demo_content()
    first = _snapshot()
    demo.load_reference_data()
    demo.load_demo_content()
    assert _snapshot() == first


def test_demo_content_keeps_what_the_coordination_changed():
    demo.load_reference_data()
    demo.load_demo_content()
    lippe = Network.objects.get(slug="lippe")
    lippe.description = "Von der Koordination überarbeitet."
    lippe.save()
    lippe.municipalities.remove(*lippe.municipalities.all()[:1])
    demo.load_demo_content()
    lippe.refresh_from_db()
    assert lippe.description == "Von der Koordination überarbeitet."
    assert lippe.municipalities.count() == 15
