"""Writing the items of a strategy: who may, what is refused, history, audit, no lost edits."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.strategies import services
from blaupause.strategies.errors import ItemInUse
from blaupause.strategies.models import FieldOfAction, Goal, Indicator, Measure, Value
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    LifeAreaFactory,
    MeasureFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def measure_values(**overrides):
    values = {
        "key": "A-M02",
        "title": "Gemeinsame Beschaffung",
        "summary": "Kommunen kaufen gemeinsam ein.",
        "description": "Gleichartige Beschaffungen werden gebündelt.",
        "effort": "mittel",
        "cost_band": "unter 10.000 €",
        "start_year": 2025,
        "end_year": 2027,
        "prerequisites": [
            {"kind": "criterion", "criterion": "C2", "min_level": 1, "text": "Zuständigkeit"},
            {"kind": "staff", "criterion": None, "min_level": None, "text": "Drei Stunden"},
        ],
        "references": [{"label": "Quelle A", "url": "https://example.org/a"}],
        "tags": ["Vergabe"],
        "raises_criteria": ["A1"],
        "source_ids": ["quelle-a"],
    }
    return {**values, **overrides}


# --- permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("without role", False),
        ("contributor", False),
        ("cdo of a member", False),
        ("cdo elsewhere", False),
        ("coordinator", True),
        ("coordinator elsewhere", False),
        ("regional admin", True),
        ("admin of another region", False),
    ],
)
def test_who_may_add_change_and_delete_items(world, who, allowed):
    actor = world["people"][who]
    strategy = world["strategy"]
    measure = world["measure"]
    writes = [
        lambda: services.item_create(
            actor=actor, strategy=strategy, kind="value", values={"title": "Offenheit"}
        ),
        lambda: services.item_update(
            actor=actor,
            item=measure,
            values={"title": "Neuer Titel"},
            expected_version=measure.version,
        ),
        lambda: services.item_delete(actor=actor, item=world["goal"]),
    ]
    for write in writes:
        if allowed:
            write()
        else:
            with pytest.raises(PermissionDenied):
                write()
    if not allowed:
        assert not Value.objects.filter(title="Offenheit").exists()
        assert Measure.objects.get(pk=measure.pk).title == "Gemeinsames Serviceportal"
        assert Goal.objects.filter(pk=world["goal"].pk).exists()
        assert not AuditEvent.objects.exists()


def test_the_cdo_edits_the_own_municipality_strategy(world):
    strategy = StrategyFactory(network=None, municipality=world["member"])
    cdo = world["people"]["cdo of a member"]
    value = services.item_create(
        actor=cdo, strategy=strategy, kind="value", values={"title": "Bürgernähe"}
    )
    assert value.strategy == strategy
    event = AuditEvent.objects.get(verb="value.created")
    assert event.municipality_ags == world["member"].ags
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=world["people"]["coordinator"],
            strategy=strategy,
            kind="value",
            values={"title": "Fremd"},
        )


# --- create and update -------------------------------------------------------------------------


def test_create_a_measure_with_links_history_and_audit(world, coordinator):
    other = MeasureFactory(field=world["field"], key="A-M09")
    measure = services.item_create(
        actor=coordinator,
        strategy=world["strategy"],
        kind="measure",
        values={**measure_values(), "field": world["field"]},
        links={"goals": [world["goal"]], "life_areas": [world["area"]], "depends_on": [other]},
    )
    measure.refresh_from_db()
    assert measure.key == "A-M02"
    assert list(measure.goals.all()) == [world["goal"]]
    assert list(measure.life_areas.all()) == [world["area"]]
    assert list(measure.depends_on.all()) == [other]
    assert measure.order > world["measure"].order
    # Exactly one history row, marked as created, that knows the links.
    records = list(measure.history.all())
    assert len(records) == 1
    assert records[0].history_type == "+"
    assert records[0].history_user == coordinator
    assert [row.goal_id for row in records[0].goals.all()] == [world["goal"].pk]
    assert AuditEvent.objects.filter(verb="measure.created", actor=coordinator).count() == 1


def test_an_empty_key_gets_the_next_free_one(world, coordinator):
    first = services.item_create(
        actor=coordinator,
        strategy=world["strategy"],
        kind="measure",
        values={"title": "Ohne Kennung", "field": world["field"]},
    )
    second = services.item_create(
        actor=coordinator,
        strategy=world["strategy"],
        kind="measure",
        values={"title": "Noch eine", "field": world["field"]},
    )
    field = services.item_create(
        actor=coordinator, strategy=world["strategy"], kind="field", values={"title": "Neu"}
    )
    value = services.item_create(
        actor=coordinator,
        strategy=world["strategy"],
        kind="value",
        values={"title": "Verlässlichkeit für alle"},
    )
    assert (first.key, second.key) == ("A-M02", "A-M03")  # A-M01 exists
    assert field.key == "B"
    assert value.key == "verlaesslichkeit-fuer-alle"


def test_update_a_measure_changes_fields_and_links_in_one_history_row(world, coordinator):
    measure = world["measure"]
    second_goal = GoalFactory(field=world["field"], key="A-Z2")
    before = measure.history.count()
    services.item_update(
        actor=coordinator,
        item=measure,
        values={"title": "Serviceportal für alle", "end_year": 2028},
        links={"goals": [world["goal"], second_goal]},
        expected_version=measure.version,
    )
    measure.refresh_from_db()
    assert measure.title == "Serviceportal für alle"
    assert measure.end_year == 2028
    assert measure.version == 2
    assert set(measure.goals.all()) == {world["goal"], second_goal}
    assert measure.history.count() == before + 1
    event = AuditEvent.objects.get(verb="measure.updated")
    assert event.data["fields"] == ["end_year", "title", "goals"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"start_year": 2028, "end_year": 2026},
            "end_year",
            "Das Ende (2026) liegt vor dem Beginn",
        ),
        ({"key": "A M 1"}, "key", "Die Kennung darf nur Buchstaben"),
        ({"key": "neu"}, "key", "reserviert"),
        ({"title": ""}, "title", "Dieses Feld darf nicht leer sein."),
        ({"effort": "riesig"}, "effort", "ist keine gültige Option"),
        ({"raises_criteria": ["Z9"]}, "raises_criteria", "Unbekannte Selbstcheck-Kriterien: Z9"),
        ({"source_ids": ["erfunden"]}, "source_ids", "nicht verzeichnet: erfunden"),
        (
            {
                "prerequisites": [
                    {"kind": "criterion", "criterion": "A1", "min_level": 7, "text": "x"}
                ]
            },
            "prerequisites",
            "Mindeststufe muss zwischen 0 und 4",
        ),
        (
            {"references": [{"label": "Link", "url": "javascript:alert(1)"}]},
            "references",
            "vollständige Adresse",
        ),
    ],
)
def test_bad_input_is_refused_with_a_german_message_and_nothing_is_saved(
    world, coordinator, values, field, message
):
    measure = world["measure"]
    history_rows = measure.history.count()
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            actor=coordinator, item=measure, values=values, expected_version=measure.version
        )
    assert any(message in text for text in caught.value.message_dict[field])
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.title, stored.start_year, stored.end_year, stored.version) == (
        "Gemeinsames Serviceportal",
        2025,
        2027,
        1,
    )
    assert measure.history.count() == history_rows
    assert not AuditEvent.objects.exists()


def test_keys_are_unique_within_a_strategy_only(world, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.item_create(
            actor=coordinator,
            strategy=world["strategy"],
            kind="measure",
            values={"key": "A-M01", "title": "Doppelt", "field": world["field"]},
        )
    assert "schon vergeben" in caught.value.message_dict["key"][0]
    other = StrategyFactory(network=world["network"])
    other_field = FieldOfActionFactory(strategy=other, key="A")
    services.item_create(
        actor=coordinator,
        strategy=other,
        kind="measure",
        values={"key": "A-M01", "title": "Gleiche Kennung anderswo", "field": other_field},
    )


def test_links_must_stay_inside_the_strategy(world, coordinator):
    foreign_goal = GoalFactory()  # another strategy
    foreign_field = FieldOfActionFactory()
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            actor=coordinator,
            item=world["measure"],
            values={"field": foreign_field},
            links={"goals": [foreign_goal]},
            expected_version=1,
        )
    errors = caught.value.message_dict
    assert "gehört nicht zu dieser Strategie" in errors["field"][0]
    assert "Nicht aus dieser Strategie" in errors["goals"][0]
    assert list(world["measure"].goals.all()) == [world["goal"]]


def test_dependencies_may_not_form_a_cycle(world, coordinator):
    first = world["measure"]
    second = MeasureFactory(field=world["field"], key="A-M02", depends_on=[first])
    third = MeasureFactory(field=world["field"], key="A-M03", depends_on=[second])
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            actor=coordinator,
            item=first,
            values={},
            links={"depends_on": [third]},
            expected_version=first.version,
        )
    assert "A-M01 → A-M03 → A-M02 → A-M01" in caught.value.message_dict["depends_on"][0]
    with pytest.raises(ValidationError) as caught:
        services.item_update(
            actor=coordinator,
            item=first,
            values={},
            links={"depends_on": [first]},
            expected_version=first.version,
        )
    assert "von sich selbst" in caught.value.message_dict["depends_on"][0]
    assert not first.depends_on.exists()


def test_indicators_belong_to_a_measure_of_the_strategy(world, coordinator):
    indicator = services.item_create(
        actor=coordinator,
        strategy=world["strategy"],
        kind="indicator",
        measure=world["measure"],
        values={"name": "Angebundene Dienste", "unit": "Anzahl", "target": 20},
    )
    assert indicator.measure == world["measure"]
    foreign = MeasureFactory()
    with pytest.raises(ValidationError):
        services.item_create(
            actor=coordinator,
            strategy=world["strategy"],
            kind="indicator",
            measure=foreign,
            values={"name": "Fremd"},
        )
    assert Indicator.objects.count() == 1


def test_unknown_fields_are_refused(world, coordinator):
    with pytest.raises(ValidationError, match="Unbekannte Felder"):
        services.item_update(
            actor=coordinator,
            item=world["measure"],
            values={"strategy_id": 99},
            expected_version=1,
        )


# --- concurrency -------------------------------------------------------------------------------


def test_a_concurrent_edit_raises_a_conflict_and_keeps_the_first_text(world, coordinator):
    measure = world["measure"]
    stale = Measure.objects.get(pk=measure.pk)
    services.item_update(
        actor=coordinator,
        item=measure,
        values={"summary": "Erste Fassung"},
        expected_version=1,
    )
    with pytest.raises(EditConflict) as caught:
        services.item_update(
            actor=world["people"]["regional admin"],
            item=stale,
            values={"summary": "Zweite Fassung"},
            links={"goals": []},
            expected_version=1,
        )
    assert caught.value.current.summary == "Erste Fassung"
    stored = Measure.objects.get(pk=measure.pk)
    assert stored.summary == "Erste Fassung"
    assert list(stored.goals.all()) == [world["goal"]]  # the link change was rolled back


# --- delete and restore ------------------------------------------------------------------------


def test_delete_is_soft_and_restorable(world, coordinator):
    goal = world["goal"]
    services.item_delete(actor=coordinator, item=goal)
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.all_objects.get(pk=goal.pk).deleted_at is not None
    services.item_restore(actor=coordinator, item=Goal.all_objects.get(pk=goal.pk))
    assert Goal.objects.filter(pk=goal.pk).exists()
    verbs = list(AuditEvent.objects.order_by("created_at", "id").values_list("verb", flat=True))
    assert verbs == ["goal.deleted", "goal.restored"]
    reasons = [r.history_change_reason for r in goal.history.order_by("history_id")]
    assert reasons[-2:] == ["gelöscht", "wiederhergestellt"]


def test_a_field_with_measures_cannot_be_deleted(world, coordinator):
    with pytest.raises(ItemInUse) as caught:
        services.item_delete(actor=coordinator, item=world["field"])
    assert "noch 1 Maßnahmen und 1 Ziele" in caught.value.messages[0]
    assert FieldOfAction.objects.filter(pk=world["field"].pk).exists()


def test_restore_is_refused_when_the_key_was_taken_meanwhile(world, coordinator):
    measure = world["measure"]
    services.item_delete(actor=coordinator, item=measure)
    MeasureFactory(field=world["field"], key="A-M01", title="Nachfolger")
    with pytest.raises(ItemInUse, match="inzwischen vergeben"):
        services.item_restore(actor=coordinator, item=Measure.all_objects.get(pk=measure.pk))


# --- history restore ---------------------------------------------------------------------------


def test_restore_an_earlier_version_with_its_links(world, coordinator):
    measure = world["measure"]
    first = measure.history.order_by("-history_id").first()  # the state the factory left
    new_area = LifeAreaFactory(strategy=world["strategy"], key="mobilitaet")
    services.item_update(
        actor=coordinator,
        item=measure,
        values={"title": "Umbenannt", "description": "Ganz anders."},
        links={"life_areas": [new_area], "goals": []},
        expected_version=1,
    )
    restored = services.item_history_restore(
        actor=coordinator, item=measure, history_id=first.history_id, expected_version=2
    )
    restored.refresh_from_db()
    assert restored.title == "Gemeinsames Serviceportal"
    assert restored.description == "Die Kommunen setzen gemeinsam ein Serviceportal auf."
    assert list(restored.life_areas.all()) == [world["area"]]
    assert list(restored.goals.all()) == [world["goal"]]
    assert restored.version == 3
    latest = measure.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith("Fassung vom ")
    assert AuditEvent.objects.filter(
        verb="measure.version_restored", data__history_id=first.history_id
    ).exists()


def test_a_version_of_another_item_cannot_be_restored(world, coordinator):
    other = MeasureFactory(field=world["field"], key="A-M05")
    with pytest.raises(ValidationError, match="gehört nicht zu diesem Eintrag"):
        services.item_history_restore(
            actor=coordinator,
            item=world["measure"],
            history_id=other.history.first().history_id,
            expected_version=1,
        )


def test_history_restore_needs_the_change_right(world):
    measure = world["measure"]
    with pytest.raises(PermissionDenied):
        services.item_history_restore(
            actor=world["people"]["coordinator elsewhere"],
            item=measure,
            history_id=measure.history.first().history_id,
            expected_version=1,
        )


# --- the strategy itself -----------------------------------------------------------------------


def test_update_texts_and_sources(world, coordinator):
    strategy = world["strategy"]
    services.strategy_update(
        actor=coordinator,
        strategy=strategy,
        values={
            "title": "Neue Rahmenstrategie",
            "sources": [{"id": "neu", "title": "Neu", "url": "https://example.org/neu"}],
        },
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert strategy.title == "Neue Rahmenstrategie"
    assert strategy.sources[0]["id"] == "neu"
    with pytest.raises(ValidationError) as caught:
        services.strategy_update(
            actor=coordinator,
            strategy=strategy,
            values={"sources": [{"id": "Neu Quelle", "title": "", "url": "ftp://x"}]},
            expected_version=strategy.version,
        )
    assert len(caught.value.message_dict["sources"]) == 3


def test_only_regional_admins_mark_a_blueprint(world, coordinator):
    strategy = world["strategy"]
    with pytest.raises(PermissionDenied):
        services.strategy_update(
            actor=coordinator,
            strategy=strategy,
            values={},
            is_blueprint=True,
            expected_version=strategy.version,
        )
    services.strategy_update(
        actor=world["people"]["regional admin"],
        strategy=strategy,
        values={},
        is_blueprint=True,
        expected_version=strategy.version,
    )
    strategy.refresh_from_db()
    assert strategy.is_blueprint


def test_create_a_strategy_as_draft(world, coordinator):
    strategy = services.strategy_create(
        actor=coordinator, title="Digitale Zukunft Beispielkreis", network=world["network"]
    )
    assert strategy.slug == "digitale-zukunft-beispielkreis"
    assert strategy.status == "draft"
    assert strategy.status_changes.get().to_status == "draft"
    with pytest.raises(PermissionDenied):
        services.strategy_create(
            actor=world["people"]["coordinator elsewhere"],
            title="Fremd",
            network=world["network"],
        )
    again = services.strategy_create(
        actor=coordinator, title="Digitale Zukunft Beispielkreis", network=world["network"]
    )
    assert again.slug == "digitale-zukunft-beispielkreis-2"
