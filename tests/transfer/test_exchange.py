"""Exchange files of blueprints: export, checks, dry run, import (all or nothing, idempotent)."""

import copy
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blaupause.core.models import AuditEvent
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    StrategyStatusChange,
    StrategyVersion,
    Value,
)
from blaupause.strategies.services import item_delete, item_update, strategy_publish
from blaupause.transfer import exchange, exchange_format, exchange_schema
from blaupause.transfer.exchange import (
    ExchangeError,
    export_blueprint,
    import_blueprint,
    plan_import,
    validate_file,
)
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.exchange import published_blueprint
from tests.factories.regions import DistrictFactory, NetworkFactory
from tests.factories.strategies import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db

ITEM_MODELS = [Strategy, Value, LifeArea, FieldOfAction, Goal, Measure, Indicator, Milestone]


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model.all_objects.count() for model in ITEM_MODELS}
    counts |= {f"history {m.__name__}": m.history.count() for m in ITEM_MODELS}
    counts |= {
        "versions": StrategyVersion.objects.count(),
        "status changes": StrategyStatusChange.objects.count(),
        "audit": AuditEvent.objects.count(),
        "measure goals": Measure.goals.through.objects.count(),
        "measure life areas": Measure.life_areas.through.objects.count(),
        "measure dependencies": Measure.depends_on.through.objects.count(),
    }
    for model in (Measure.goals.through, Measure.life_areas.through):
        counts[f"history {model.__name__}"] = model.objects.count()
    return counts


def without_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def remove(strategy: Strategy) -> None:
    """Take a strategy and everything in it out of the database (as in another installation)."""
    Measure.all_objects.filter(strategy=strategy).delete()  # fields protect their measures
    Strategy.all_objects.filter(pk=strategy.pk).delete()
    for model in ITEM_MODELS:
        assert model.all_objects.count() == 0, model


@pytest.fixture
def region():
    return DistrictFactory().region


@pytest.fixture
def network(region):
    return NetworkFactory(region=region, slug="netz-lippe", name="Netz Lippe")


@pytest.fixture
def blueprint(network):
    return published_blueprint(network)


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


# --- export ------------------------------------------------------------------------------------


def test_export_is_the_published_version_with_stable_uuids(blueprint):
    data = export_blueprint(blueprint)
    assert data["$schema"] == "blaupause-blueprint-1.schema.json"
    assert data["schema_version"] == 1
    assert data["generator"]["name"] == "Blaupause"
    assert data["version"]["number"] == 1
    assert data["version"]["note"] == "Erste Fassung"
    assert data["strategy"]["uuid"] == str(blueprint.uuid)
    assert data["strategy"]["network"] == {
        "slug": "netz-lippe",
        "name": "Netz Lippe",
        "region": {"slug": blueprint.network.region.slug, "name": blueprint.network.region.name},
    }
    measure = Measure.objects.get(key="A-M02")
    row = next(item for item in data["content"]["measures"] if item["key"] == "A-M02")
    assert row["uuid"] == str(measure.uuid)
    assert row["depends_on"] == ["A-M01"]
    assert [len(data["content"][name]) for name in exchange.MODELS] == [2, 2, 2, 2, 3, 2, 2]
    assert validate_file(data) == []
    json.dumps(data)  # plain JSON


def test_export_of_an_older_version_ignores_later_edits(blueprint):
    measure = Measure.objects.get(key="A-M01")
    item_update(
        actor=None, item=measure, values={"title": "Neues Portal"}, expected_version=measure.version
    )
    strategy_publish(actor=None, strategy=blueprint, note="Zweite Fassung")
    old = export_blueprint(blueprint, version=1)
    new = export_blueprint(blueprint)
    assert new["version"]["number"] == 2
    titles = {row["key"]: row["title"] for row in old["content"]["measures"]}
    assert titles["A-M01"] == "Serviceportal"
    assert {row["key"]: row["title"] for row in new["content"]["measures"]}["A-M01"] == (
        "Neues Portal"
    )


def test_export_refuses_unknown_versions_and_municipal_strategies(blueprint, municipality):
    with pytest.raises(ExchangeError, match="Version 7 gibt es nicht"):
        export_blueprint(blueprint, version=7)
    own = StrategyFactory(network=None, municipality=municipality)
    with pytest.raises(ExchangeError, match="Nur Rahmenstrategien eines Netzwerks"):
        export_blueprint(own)


# --- round trip, idempotence -------------------------------------------------------------------


def test_round_trip_into_an_empty_database_gives_the_same_file(blueprint, network):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    result = import_blueprint(copy.deepcopy(exported), actor=None, target_network=network)
    assert result.changed
    again = export_blueprint(Strategy.objects.get(uuid=exported["strategy"]["uuid"]))
    assert without_time(again) == without_time(exported)


def test_import_creates_a_published_blueprint_with_the_files_uuids(blueprint, network):
    exported = export_blueprint(blueprint)
    exported["version"]["number"] = 4
    exported["version"]["note"] = "Fassung aus dem Nachbarkreis"
    remove(blueprint)
    start = timezone.now()
    result = import_blueprint(exported, actor=None, target_network=network)
    strategy = result.strategy
    assert strategy.is_blueprint
    assert strategy.network == network
    assert str(strategy.uuid) == exported["strategy"]["uuid"]
    assert list(strategy.versions.values_list("number", "note")) == [
        (4, "Fassung aus dem Nachbarkreis")
    ]
    file_uuids = {row["uuid"] for row in exported["content"]["measures"]}
    assert {str(u) for u in Measure.objects.values_list("uuid", flat=True)} == file_uuids
    assert Measure.objects.get(key="A-M02").depends_on.get().key == "A-M01"
    assert set(Measure.objects.get(key="A-M01").life_areas.values_list("key", flat=True)) == {
        "verwaltung",
        "bildung",
    }
    new_rows = Measure.history.filter(uuid__in=file_uuids, history_date__gte=start)
    event = AuditEvent.objects.get(verb="blueprint.imported")
    assert sorted(new_rows.values_list("history_type", flat=True)) == ["+"] * 3  # one row each
    assert event.data["version"] == 4
    assert event.data["action"] == "create"


def test_importing_the_same_file_twice_changes_nothing(blueprint, network, coordinator):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    import_blueprint(copy.deepcopy(exported), actor=coordinator, target_network=network)
    before = row_counts()
    result = import_blueprint(copy.deepcopy(exported), actor=coordinator, target_network=network)
    assert not result.changed
    assert "Version 1 dieser Blaupause ist hier schon vorhanden" in result.plan.message
    assert row_counts() == before


def test_exporting_and_importing_in_the_same_installation_changes_nothing(blueprint, network):
    before = row_counts()
    result = import_blueprint(export_blueprint(blueprint), actor=None, target_network=network)
    assert not result.changed
    assert row_counts() == before


def test_a_newer_version_brings_the_items_up_to_date(blueprint, network):
    first = export_blueprint(blueprint)
    # Upstream: a title changes, a milestone goes, a measure is added; published as version 2.
    measure = Measure.objects.get(key="A-M01")
    item_update(
        actor=None, item=measure, values={"title": "Portal 2.0"}, expected_version=measure.version
    )
    item_delete(actor=None, item=Milestone.objects.get(title="Vertrag"))
    MeasureFactory(field=FieldOfAction.objects.get(key="B"), key="B-M02", title="Funknetz")
    strategy_publish(actor=None, strategy=blueprint, note="Zweite Fassung")
    second = export_blueprint(blueprint)
    remove(blueprint)

    import_blueprint(copy.deepcopy(first), actor=None, target_network=network)
    history_of_unchanged = Measure.history.filter(key="A-M02").count()
    plan = plan_import(second, target_network=network)
    assert plan.action == "update"
    assert plan.counts["measures"] == {"create": 1, "update": 1, "unchanged": 2, "delete": 0}
    assert plan.counts["milestones"]["delete"] == 1
    result = import_blueprint(copy.deepcopy(second), actor=None, target_network=network)
    assert result.version.number == 2
    strategy = result.strategy
    assert without_time(export_blueprint(strategy)) == without_time(second)
    assert Measure.objects.get(key="A-M01").title == "Portal 2.0"
    assert not Milestone.objects.filter(title="Vertrag").exists()
    assert Milestone.all_objects.filter(title="Vertrag").exists()  # soft-deleted, restorable
    # Unchanged measures got no new history row.
    assert Measure.history.filter(key="A-M02").count() == history_of_unchanged

    before = row_counts()
    older = import_blueprint(copy.deepcopy(first), actor=None, target_network=network)
    assert not older.changed
    assert "aktuell: Version 2" in older.plan.message
    assert row_counts() == before


# --- all or nothing ----------------------------------------------------------------------------


def test_a_broken_item_late_in_the_file_leaves_nothing_behind(blueprint, network):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    exported["content"]["milestones"][-1]["measure"] = "Z-M99"
    before = row_counts()
    with pytest.raises(ExchangeError) as caught:
        import_blueprint(exported, actor=None, target_network=network)
    assert "milestones[1].measure: Maßnahme „Z-M99“ gibt es in der Datei nicht." in str(
        caught.value
    )
    assert row_counts() == before


def test_a_failure_while_writing_rolls_everything_back(blueprint, network):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    before = row_counts()

    def fail(sender, instance, created, **kwargs):
        if instance.title == "Vertrag":
            raise RuntimeError("disk full")

    post_save.connect(fail, sender=Milestone, dispatch_uid="exchange-test-fail")
    try:
        with pytest.raises(RuntimeError):
            import_blueprint(exported, actor=None, target_network=network)
    finally:
        post_save.disconnect(sender=Milestone, dispatch_uid="exchange-test-fail")
    assert row_counts() == before


# --- conflicts and permissions -----------------------------------------------------------------


def test_a_slug_taken_by_another_strategy_is_a_conflict(blueprint, network):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    StrategyFactory(slug="rahmen-test", network=network)
    plan = plan_import(exported, target_network=network)
    assert not plan.ok
    assert plan.conflicts == [
        "Der Kurzname „rahmen-test“ gehört hier schon zu einer anderen Strategie "
        f"(„{Strategy.objects.get(slug='rahmen-test').title}“)."
    ]
    before = row_counts()
    with pytest.raises(ExchangeError, match="Kurzname „rahmen-test“"):
        import_blueprint(exported, actor=None, target_network=network)
    assert row_counts() == before


def test_item_uuids_of_another_strategy_are_a_conflict(blueprint, network):
    exported = export_blueprint(blueprint)
    exported["strategy"]["uuid"] = "00000000-0000-4000-8000-000000000001"
    exported["strategy"]["slug"] = "kopie"
    plan = plan_import(exported, target_network=network)
    assert any("gehört hier schon zu einer anderen Strategie" in c for c in plan.conflicts)
    assert any(c.startswith("Maßnahmen mit der UUID") for c in plan.conflicts)


def test_a_blueprint_of_another_network_is_not_updated_from_here(blueprint, region):
    elsewhere = NetworkFactory(region=region)
    plan = plan_import(export_blueprint(blueprint), target_network=elsewhere)
    assert plan.conflicts == [
        "Diese Blaupause gibt es hier schon im Netzwerk „Netz Lippe“; sie kann nur dort "
        "aktualisiert werden."
    ]


def test_dry_run_writes_nothing_and_counts_everything(blueprint, network):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    before = row_counts()
    result = import_blueprint(exported, actor=None, target_network=network, dry_run=True)
    assert row_counts() == before
    assert result.plan.action == "create"
    assert result.plan.counts["measures"]["create"] == 3
    assert result.plan.counts["indicators"]["create"] == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("coordinator", True),
        ("regional admin", True),
        ("coordinator elsewhere", False),
        ("cdo", False),
        ("without role", False),
    ],
)
def test_who_may_import(blueprint, network, region, municipality, role, allowed):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    user = UserFactory()
    if role == "coordinator":
        MembershipFactory(user=user, role="network_coordinator", network=network)
    elif role == "regional admin":
        MembershipFactory(user=user, role="regional_admin", region=region)
    elif role == "coordinator elsewhere":
        MembershipFactory(user=user, role="network_coordinator", network=NetworkFactory())
    elif role == "cdo":
        MembershipFactory(user=user, role="cdo", municipality=municipality)
    if allowed:
        assert import_blueprint(exported, actor=user, target_network=network).changed
    else:
        with pytest.raises(PermissionDenied):
            import_blueprint(exported, actor=user, target_network=network)
        assert not Strategy.objects.exists()


# --- bad input ---------------------------------------------------------------------------------


def _set(path: str, value):
    """A change of the file: set the value at a dotted path with list indexes."""

    def change(data):
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


BAD_FILES = [
    (_set("schema_version", 2), "schema_version: Formatversion „2“ wird nicht unterstützt"),
    (_set("schema_version", KeyError), "schema_version: Die Formatversion fehlt"),
    (_set("schema_version", "1"), "Formatversion „1“ wird nicht unterstützt (erwartet: 1)"),
    (
        _set("content.measures.1.field", "X"),
        "measures[1].field: Handlungsfeld „X“ gibt es in der Datei nicht.",
    ),
    (_set("content.goals.0.field", "Q"), "goals[0].field: Handlungsfeld „Q“ gibt es"),
    (
        _set("content.measures.0.goals", ["A-Z1", "Z-9"]),
        "measures[0].goals: Ziel „Z-9“ gibt es in der Datei nicht.",
    ),
    (
        _set("content.measures.0.depends_on", ["A-M02"]),
        "measures: Die Abhängigkeiten der Maßnahmen bilden einen Kreis",
    ),
    (_set("content.fields.1.key", "A"), "fields[1].key: Die Kennung „A“ kommt doppelt vor."),
    (_set("content.measures.0.title", "x" * 251), "measures[0].title: Der Text ist 251 Zeichen"),
    (
        _set("content.measures.0.start_year", "2025"),
        "measures[0].start_year: Erwartet wird ganze Zahl, die Datei enthält Text.",
    ),
    (_set("content.indicators.0.target", "viel"), "indicators[0].target: „viel“ ist keine Zahl."),
    (
        _set("content.values.0.order", -1),
        "values[0].order: -1 ist zu klein; erlaubt ist mindestens 0.",
    ),
    (
        _set("content.measures.0.duration_months", 300),
        "measures[0].duration_months: 300 ist zu groß; erlaubt ist höchstens 240.",
    ),
    (_set("content.measures.0.effort", "enorm"), "measures[0].effort: „enorm“ ist nicht erlaubt"),
    (_set("content.milestones.0.due_date", "1.5.2026"), "ist kein Datum (JJJJ-MM-TT)"),
    (_set("content.measures", KeyError), "measures: Die Liste fehlt."),
    (_set("content.values.0.colour", "rot"), "values[0].colour: Diese Angabe gibt es im Format"),
    (_set("strategy.title", KeyError), "strategy.title: Die Angabe fehlt."),
    (_set("strategy.uuid", "abc"), "strategy.uuid: „abc“ ist keine UUID."),
    (_set("version.number", 0), "version.number: 0 ist zu klein; erlaubt ist mindestens 1."),
    (_set("version.published_at", "gestern"), "version.published_at: „gestern“ ist kein Zeitpunkt"),
    (
        _set("content.measures.0.source_ids", ["unbekannt"]),
        "measures[0].source_ids: Diese Quellen stehen nicht in strategy.sources: unbekannt.",
    ),
    (_set("content", []), "content: Erwartet wird Objekt, die Datei enthält Liste."),
]


def _duplicate_uuid(data):
    data["content"]["goals"][1]["uuid"] = data["content"]["fields"][0]["uuid"]


@pytest.mark.parametrize(("change", "message"), BAD_FILES)
def test_bad_files_are_refused_with_a_german_message(blueprint, network, change, message):
    exported = export_blueprint(blueprint)
    remove(blueprint)
    change(exported)
    before = row_counts()
    with pytest.raises(ExchangeError) as caught:
        import_blueprint(exported, actor=None, target_network=network)
    assert message in str(caught.value)
    assert row_counts() == before


def test_duplicate_uuids_are_named(blueprint):
    exported = export_blueprint(blueprint)
    _duplicate_uuid(exported)
    assert [str(p) for p in validate_file(exported)] == [
        "goals[1].uuid: Die UUID kommt schon bei fields[0].uuid vor."
    ]


def test_junk_is_not_a_file():
    assert [str(p) for p in validate_file([1, 2])] == ["Die Datei enthält kein JSON-Objekt."]
    assert validate_file({"schema_version": 1})  # everything else missing


# --- fuzzing -----------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON)
@settings(max_examples=300, deadline=None)
def test_validate_never_raises_and_refuses_junk(junk):
    problems = validate_file(junk)
    assert problems
    assert all(isinstance(str(problem), str) for problem in problems)


@given(
    st.dictionaries(
        st.sampled_from(
            ["strategy", "version", "content", "generator", "exported_at", "schema_version"]
        ),
        JSON,
    )
)
@settings(max_examples=200, deadline=None)
def test_validate_survives_junk_in_every_part(parts):
    problems = validate_file({"schema_version": 1, **parts})
    assert problems


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


@pytest.fixture(scope="module")
def sample_file(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            data = export_blueprint(published_blueprint())
            transaction.set_rollback(True)
    return data


@given(data=st.data(), junk=JSON)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_validate_never_raises_on_a_damaged_file(sample_file, data, junk):
    damaged = copy.deepcopy(sample_file)
    paths = list(_paths(damaged))
    path = data.draw(st.sampled_from(paths))
    target = damaged
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = junk
    problems = validate_file(damaged)
    if damaged != sample_file:
        assert all(str(problem) for problem in problems)


# --- the JSON Schema agrees with the checks ----------------------------------------------------

#: Bad files whose fault lies in references between items: only the checks find them.
BEYOND_SCHEMA = (
    "measures[1].field:",
    "goals[0].field:",
    "measures[0].goals:",
    "measures: Die Abhängigkeiten",
    "fields[1].key:",
    "measures[0].source_ids:",
)


def _schema_validator():
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - installed with the test tools
        pytest.skip("jsonschema_rs (from the test tools) is not installed")
    path = Path(exchange_format.__file__).parent / "schema" / exchange_format.SCHEMA_NAME
    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def test_the_schema_file_is_derived_from_the_checks():
    path = Path(exchange_format.__file__).parent / "schema" / exchange_format.SCHEMA_NAME
    assert json.loads(path.read_text(encoding="utf-8")) == exchange_schema.json_schema()


def test_a_good_file_passes_schema_and_checks(sample_file):
    assert validate_file(sample_file) == []
    assert _schema_validator().is_valid(sample_file)


@pytest.mark.parametrize(("change", "message"), BAD_FILES)
def test_schema_and_checks_agree_on_bad_files(sample_file, change, message):
    data = copy.deepcopy(sample_file)
    change(data)
    assert any(message in str(problem) for problem in validate_file(data))
    beyond = message.startswith(BEYOND_SCHEMA)
    assert _schema_validator().is_valid(data) is beyond


def test_duplicate_uuids_are_beyond_the_schema(sample_file):
    data = copy.deepcopy(sample_file)
    _duplicate_uuid(data)
    assert validate_file(data)
    assert _schema_validator().is_valid(data)


# --- the shipped Lippe blueprint ---------------------------------------------------------------


def test_the_lippe_blueprint_travels_unchanged():
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies import demo as strategies_demo

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    lippe = strategies_demo.load_demo_content()[0].strategy
    exported = export_blueprint(lippe)
    assert validate_file(exported) == []
    assert _schema_validator().is_valid(exported)
    assert len(exported["content"]["measures"]) == 34
    network = lippe.network
    remove(lippe)
    result = import_blueprint(copy.deepcopy(exported), actor=None, target_network=network)
    assert result.strategy.slug == "lippe-lebt-digitalisierung"
    assert without_time(export_blueprint(result.strategy)) == without_time(exported)


def test_keys_that_swap_between_versions_are_updated(blueprint, network):
    first = export_blueprint(blueprint)
    second = copy.deepcopy(first)
    second["version"]["number"] = 2
    measures = second["content"]["measures"]
    by_key = {row["key"]: row for row in measures}
    by_key["A-M01"]["key"], by_key["A-M02"]["key"] = "A-M02", "A-M01"
    for row in measures:
        row["depends_on"] = []
    for row in second["content"]["indicators"] + second["content"]["milestones"]:
        row["measure"] = {"A-M01": "A-M02", "A-M02": "A-M01"}.get(row["measure"], row["measure"])
    assert validate_file(second) == []
    result = import_blueprint(second, actor=None, target_network=network)
    assert result.version.number == 2
    assert Measure.objects.get(key="A-M02").title == "Serviceportal"
    assert Measure.objects.get(key="A-M01").title == "Gemeinsame Beschaffung"
    assert not Measure.history.filter(key__startswith="~").exists()
