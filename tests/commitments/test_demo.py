"""Demo commitments: deterministic, varied, plausible, labelled, and loaded idempotently."""

import datetime
from collections import Counter

from django.urls import reverse

import pytest

from blaupause.commitments import demo
from blaupause.commitments.models import Commitment
from blaupause.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DETMOLD, LEMGO, LUEGDE = "05766020", "05766044", "05766052"


@pytest.fixture
def lippe(db):
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies.blueprints import blueprint_load

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    return blueprint_load("lippe").strategy


def test_plan_is_deterministic_and_pure():
    first = demo.plan(ags=DETMOLD, population=74_000, key="A-M01", start_year=2024)
    again = demo.plan(ags=DETMOLD, population=74_000, key="A-M01", start_year=2024)
    assert first == again


def test_size_factor_grows_with_the_town():
    assert demo.size_factor(3_000) == 0
    assert demo.size_factor(20_000) < demo.size_factor(60_000) < demo.size_factor(200_000) == 1


def test_nothing_to_load_without_the_strategy(db):
    assert demo.load_demo_commitments() == 0
    assert not Commitment.objects.exists()


def test_demo_commitments_are_varied_and_plausible(lippe):
    created = demo.load_demo_commitments()
    commitments = list(Commitment.objects.select_related("municipality", "measure"))
    assert created == len(commitments) > 150
    assert all(c.is_demo for c in commitments)
    assert {c.measure.strategy_id for c in commitments} == {lippe.pk}
    assert {c.municipality.district.ags for c in commitments} == {"05766"}
    per_municipality = Counter(c.municipality.ags for c in commitments)
    assert len(per_municipality) == 16  # every Lippe municipality takes part somewhere
    statuses = Counter(c.status for c in commitments)
    assert set(statuses) == {"planned", "in_progress", "done", "paused", "dropped"}
    assert statuses["in_progress"] > statuses["done"] > statuses["dropped"]
    for commitment in commitments:
        if commitment.status == "done":
            assert commitment.progress == 100
        for day in (commitment.start_date, commitment.end_date):
            assert day is None or datetime.date(2024, 1, 1) <= day <= datetime.date(2027, 12, 31)
        if commitment.start_date and commitment.end_date:
            assert commitment.start_date <= commitment.end_date
    leads = Counter(c.measure_id for c in commitments if c.role == "lead")
    assert max(leads.values()) == 1  # one lead per measure at most
    led_by = Counter(c.municipality.ags for c in commitments if c.role == "lead")
    assert led_by[DETMOLD] + led_by[LEMGO] > led_by[LUEGDE]  # larger towns lead more
    assert any(not c.is_public for c in commitments)


def test_second_run_changes_nothing(lippe):
    demo.load_demo_commitments()
    before = (
        list(Commitment.all_objects.order_by("pk").values_list("pk", "version", "updated_at")),
        Commitment.history.count(),
        AuditEvent.objects.count(),
    )
    assert demo.load_demo_commitments() == 0
    after = (
        list(Commitment.all_objects.order_by("pk").values_list("pk", "version", "updated_at")),
        Commitment.history.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_a_run_never_undoes_later_edits_or_removals(lippe):
    demo.load_demo_commitments()
    edited = Commitment.objects.order_by("pk").first()
    removed = Commitment.objects.order_by("pk").last()
    Commitment.objects.filter(pk=edited.pk).update(progress=3, status="in_progress")
    Commitment.objects.filter(pk=removed.pk).update(deleted_at=datetime.datetime.now(datetime.UTC))
    assert demo.load_demo_commitments() == 0
    assert Commitment.objects.get(pk=edited.pk).progress == 3
    assert not Commitment.objects.filter(pk=removed.pk).exists()


def test_the_same_picture_on_every_machine(lippe):
    first = [(s.municipality_id, s.measure_id, s.status, s.progress) for s in demo.demo_specs()]
    second = [(s.municipality_id, s.measure_id, s.status, s.progress) for s in demo.demo_specs()]
    assert first == second


def test_pages_with_demo_commitments_say_so(client, lippe):
    demo.load_demo_commitments()
    for url in (
        reverse("commitments:municipality_dashboard", kwargs={"ags": DETMOLD}),
        reverse("commitments:network_dashboard", kwargs={"slug": "lippe"}),
    ):
        assert "Beispieldaten" in client.get(url).content.decode()
