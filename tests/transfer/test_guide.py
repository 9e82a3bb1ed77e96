"""The strategy process guide: each step's state from data, the pages, permissions, queries."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.assessments.constants import AssessmentStatus
from blaupause.strategies.models import StrategyStatusChange, StrategyVersion
from blaupause.transfer import guide as guide_rules
from blaupause.transfer import selectors_guide
from blaupause.transfer.guide import DONE, IN_PROGRESS, OPEN, ProcessFacts, build_steps
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.assessments import AssessmentFactory
from tests.factories.commitments import CommitmentFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    StrategyFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
THIS_YEAR = timezone.localdate().year


@dataclass
class World:
    region: object
    network: object
    members: list
    outsider: object


@pytest.fixture
def world(db):
    region = RegionFactory()
    district = DistrictFactory(region=region)
    members = [
        MunicipalityFactory(district=district, name=name)
        for name in ("Altstadt", "Bergdorf", "Cellerfeld")
    ]
    outsider = MunicipalityFactory(district=district, name="Fremdhausen")
    network = NetworkFactory(region=region, district=district, name="Netzwerk Probe")
    network.municipalities.add(*members)
    return World(region=region, network=network, members=members, outsider=outsider)


def _user(role, **scope):
    user = UserFactory()
    MembershipFactory(user=user, role=role, **scope)
    return user


def _admin(region):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = _user("regional_admin", region=region)
    TOTP.activate(user, generate_totp_secret())
    return user


def _states(guide):
    return {step.key: step.state for step in guide.steps}


def _submitted(municipality, *, year=THIS_YEAR, days_ago=10):
    return AssessmentFactory(
        municipality=municipality,
        year=year,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=NOW - datetime.timedelta(days=days_ago),
    )


def _draft_strategy(network, *, status="draft", fields=2, measures_in=None):
    """A strategy with one value, one goal, `fields` fields and a measure in the first
    `measures_in` of them (all by default)."""
    strategy = StrategyFactory(network=network, status=status, adopted_body="", adopted_on=None)
    ValueFactory(strategy=strategy)
    field_rows = [FieldOfActionFactory(strategy=strategy) for _ in range(fields)]
    GoalFactory(field=field_rows[0], strategy=strategy)
    for field in field_rows[: fields if measures_in is None else measures_in]:
        MeasureFactory(field=field, strategy=strategy)
    return strategy


# --- states from data --------------------------------------------------------------------------


def test_a_fresh_network_has_every_step_open(world):
    coordinator = _user("network_coordinator", network=world.network)
    guide = selectors_guide.network_guide(network=world.network, viewer=coordinator)
    assert set(_states(guide).values()) == {OPEN}
    assert guide.current.number == 1
    assert guide.done_count == 0
    values = guide.steps[1]
    assert "Es gibt noch keine Strategie des Netzwerks." in values.missing
    # the coordination may start one
    assert [link.label for link in values.links] == ["Strategie anlegen"]


def test_a_strategy_in_the_making(world):
    """Two of three members did the self-check, the draft has everything but consultation."""
    a, b, c = world.members
    _submitted(a)
    _submitted(b, year=THIS_YEAR - 1, days_ago=200)
    _submitted(c, year=THIS_YEAR - 1, days_ago=400)  # older than 12 months: not counted
    _draft_strategy(world.network)
    coordinator = _user("network_coordinator", network=world.network)

    guide = selectors_guide.network_guide(network=world.network, viewer=coordinator)

    assert _states(guide) == {
        "inventory": IN_PROGRESS,
        "values": DONE,
        "fields": DONE,
        "measures": DONE,
        "consultation": OPEN,
        "decision": OPEN,
        "implementation": OPEN,
        "review": OPEN,
    }
    assert guide.current.key == "consultation"
    inventory = guide.steps[0]
    assert inventory.done == [
        "2 von 3 Mitgliedskommunen haben in den letzten 12 Monaten einen Selbstcheck abgeschlossen."
    ]
    # the coordination sees whom to ask
    assert "Es fehlen: Cellerfeld." in inventory.missing[0]
    assert guide.steps[-1].missing == [
        "Die Überprüfung beginnt, wenn die Strategie beschlossen ist."
    ]


def test_partial_values_fields_and_measures_are_in_work(world):
    strategy = StrategyFactory(network=world.network, status="draft", vision="")
    ValueFactory(strategy=strategy)
    fields = [FieldOfActionFactory(strategy=strategy) for _ in range(3)]
    MeasureFactory(field=fields[0], strategy=strategy)
    deleted = MeasureFactory(field=fields[1], strategy=strategy)
    deleted.deleted_at = NOW
    deleted.save()

    guide = selectors_guide.network_guide_summary(network=world.network)

    states = _states(guide)
    assert states["values"] == IN_PROGRESS  # values, but no goal yet
    assert states["measures"] == IN_PROGRESS  # two fields without a (living) measure
    measures = guide.steps[3]
    assert measures.done == ["1 Maßnahme ist beschrieben."]
    assert measures.missing == ["2 Handlungsfelder haben noch keine Maßnahme."]


def test_a_draft_of_this_year_counts_as_begun(world):
    AssessmentFactory(municipality=world.members[0], year=THIS_YEAR)  # draft
    guide = selectors_guide.network_guide_summary(network=world.network)
    assert guide.steps[0].state == IN_PROGRESS
    assert "1 Selbstcheck des laufenden Jahres ist begonnen." in guide.steps[0].done


def test_consultation_in_progress_and_passed(world):
    strategy = _draft_strategy(world.network, status="consultation")
    StrategyStatusChange.objects.create(
        strategy=strategy, from_status="draft", to_status="consultation"
    )
    assert (
        _states(selectors_guide.network_guide_summary(network=world.network))["consultation"]
        == IN_PROGRESS
    )

    strategy.status = "draft"
    strategy.save()
    StrategyStatusChange.objects.create(
        strategy=strategy, from_status="consultation", to_status="draft"
    )
    guide = selectors_guide.network_guide_summary(network=world.network)
    assert guide.steps[4].state == DONE
    assert guide.steps[4].done == ["Die Strategie war in der Konsultation."]


def test_an_adopted_strategy_in_full_swing(world):
    """Lippe-like: adopted by a body without date, commitments of two of three members."""
    strategy = _draft_strategy(world.network, status="adopted")
    strategy.adopted_body = "Bürgermeisterkonferenz"
    strategy.save()
    measure = strategy.measures.first()
    CommitmentFactory(municipality=world.members[0], measure=measure)
    CommitmentFactory(municipality=world.members[1], measure=measure)
    CommitmentFactory(municipality=world.members[2], measure=measure, status="dropped")
    for member in world.members:
        _submitted(member)

    guide = selectors_guide.network_guide_summary(network=world.network)

    states = _states(guide)
    assert states["inventory"] == DONE
    # adopted straight from the draft: the consultation counts as behind it
    assert states["consultation"] == DONE
    assert guide.steps[4].done == [
        "Die Strategie ist bereits beschlossen; eine Konsultation ist nicht verzeichnet."
    ]
    assert states["decision"] == DONE
    assert guide.steps[5].done == ["Beschlossen durch Bürgermeisterkonferenz."]
    assert guide.steps[5].missing == ["Das Datum des Beschlusses ist nicht eingetragen."]
    # a dropped commitment does not count
    assert states["implementation"] == IN_PROGRESS
    assert guide.steps[6].done[0].startswith("2 von 3 Mitgliedskommunen")
    # self-checks of this year, but no review in the last 12 months
    assert states["review"] == IN_PROGRESS
    assert guide.current.key == "review"


def test_everything_done(world):
    strategy = _draft_strategy(world.network, status="adopted")
    strategy.adopted_body = "Kreistag"
    strategy.adopted_on = datetime.date(THIS_YEAR - 1, 5, 1)
    strategy.save()
    StrategyVersion.objects.create(
        strategy=strategy, number=1, snapshot={}, published_at=NOW - datetime.timedelta(days=30)
    )
    measure = strategy.measures.first()
    for member in world.members:
        _submitted(member)
        CommitmentFactory(municipality=member, measure=measure)

    guide = selectors_guide.network_guide_summary(network=world.network)

    assert set(_states(guide).values()) == {DONE}
    assert guide.done_count == 8
    assert guide.current.key == "review"


def test_a_version_older_than_a_year_is_no_review(world):
    strategy = _draft_strategy(world.network, status="adopted")
    StrategyVersion.objects.create(
        strategy=strategy, number=1, snapshot={}, published_at=NOW - datetime.timedelta(days=400)
    )
    guide = selectors_guide.network_guide_summary(network=world.network)
    assert guide.steps[-1].state == OPEN


def test_the_step_rules_without_a_database():
    """The pure rules: an adopted municipal strategy with every measure committed."""
    facts = ProcessFacts(
        today=datetime.date(2026, 6, 1),
        is_network=False,
        member_count=1,
        inventory_count=1,
        current_year_count=0,
        has_strategy=True,
        status="review",
        value_count=2,
        goal_count=1,
        field_count=1,
        fields_with_measures=1,
        measure_count=4,
        adopted_on=datetime.date(2025, 3, 1),
        recent_review=True,
        committed_count=4,
    )
    steps = build_steps(facts)
    assert [step.state for step in steps] == [
        DONE,
        DONE,
        DONE,
        DONE,
        DONE,
        DONE,  # a date without a body is enough; the body is named as missing
        DONE,
        IN_PROGRESS,  # reviewed, but the self-check 2026 is missing
    ]
    assert steps[5].missing == ["Das beschließende Gremium ist nicht eingetragen."]
    assert steps[7].missing == ["Der Selbstcheck 2026 fehlt noch."]
    assert guide_rules.current_step(steps).key == "review"


# --- pages and permissions ---------------------------------------------------------------------


NETWORK_ACCESS = {
    "anonymous": 302,
    "member_cdo": 200,
    "member_contributor": 200,
    "outsider_cdo": 403,
    "coordinator": 200,
    "other_coordinator": 403,
    "regional_admin": 200,
}


def _people(world):
    return {
        "anonymous": None,
        "member_cdo": _user("cdo", municipality=world.members[0]),
        "member_contributor": _user("contributor", municipality=world.members[1]),
        "outsider_cdo": _user("cdo", municipality=world.outsider),
        "coordinator": _user("network_coordinator", network=world.network),
        "other_coordinator": _user("network_coordinator", network=NetworkFactory()),
        "regional_admin": _admin(world.region),
    }


@pytest.mark.parametrize(("role", "status"), NETWORK_ACCESS.items())
def test_who_sees_the_network_guide(client, world, role, status):
    person = _people(world)[role]
    if person:
        client.force_login(person)
    response = client.get(reverse("transfer:network_guide", kwargs={"slug": world.network.slug}))
    assert response.status_code == status
    if status == 200:
        assert "Strategieprozess: Netzwerk Probe" in response.content.decode()
    if status == 403:
        assert "Koordination" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member_cdo", 403), ("coordinator", 403), ("regional_admin", 200)],
)
def test_who_sees_the_region_overview(client, world, role, status):
    person = _people(world)[role]
    if person:
        client.force_login(person)
    response = client.get(reverse("transfer:region_guide", kwargs={"slug": world.region.slug}))
    assert response.status_code == status


def test_unknown_network_and_region_are_404(client, world):
    client.force_login(_admin(world.region))
    assert client.get("/netzwerke/gibt-es-nicht/strategieprozess/").status_code == 404
    assert client.get("/regionen/gibt-es-nicht/strategieprozesse/").status_code == 404
    assert client.get("/kommunen/99999999/strategieprozess/").status_code == 404


def test_a_member_sees_the_tools_of_their_own_municipality(client, world):
    _draft_strategy(world.network)
    cdo = _user("cdo", municipality=world.members[0])
    client.force_login(cdo)
    page = client.get(
        reverse("transfer:network_guide", kwargs={"slug": world.network.slug})
    ).content.decode()
    home = world.members[0]
    assert f'href="/kommunen/{home.ags}/selbstcheck/"' in page
    assert f"Beteiligungen von {home.name} eintragen" in page
    # the draft is not theirs to see, and they learn nothing about who is missing
    assert "Grundlage ist ein Entwurf, den nur die Bearbeitenden der Strategie sehen." in page
    assert "Werte hinzufügen" not in page
    assert "Es fehlen:" not in page
    assert 'aria-current="step"' in page


def test_the_coordination_sees_the_editing_tools(client, world):
    strategy = _draft_strategy(world.network)
    client.force_login(_user("network_coordinator", network=world.network))
    page = client.get(
        reverse("transfer:network_guide", kwargs={"slug": world.network.slug})
    ).content.decode()
    assert reverse("strategies:item_add", kwargs={"slug": strategy.slug, "kind": "werte"}) in page
    assert reverse("strategies:strategy_status", kwargs={"slug": strategy.slug}) in page
    assert "Es fehlen: Altstadt, Bergdorf, Cellerfeld." in page


def test_the_network_page_shows_where_the_process_stands(client, world):
    _draft_strategy(world.network)
    url = world.network.get_absolute_url()
    assert "Strategieprozess: Schritt" not in client.get(url).content.decode()

    client.force_login(_user("network_coordinator", network=world.network))
    page = client.get(url).content.decode()
    assert "Strategieprozess: Schritt 5 von 8 – Konsultation" in page
    assert reverse("transfer:network_guide", kwargs={"slug": world.network.slug}) in page


def test_the_region_overview_names_each_state_in_words(client, world):
    _draft_strategy(world.network)
    second = NetworkFactory(region=world.region, name="Zweites Netzwerk")
    own = MunicipalityFactory(district=world.members[0].district, name="Eigenstadt")
    StrategyFactory(network=None, municipality=own, status="draft", title="Eigene Strategie")
    client.force_login(_admin(world.region))

    response = client.get(reverse("transfer:region_guide", kwargs={"slug": world.region.slug}))

    page = response.content.decode()
    networks = response.context["overview"].networks
    assert [guide.owner.name for guide in networks] == ["Netzwerk Probe", "Zweites Netzwerk"]
    assert _states(networks[0])["fields"] == DONE
    assert _states(networks[1]) == dict.fromkeys(guide_rules.STEP_KEYS, OPEN)
    assert "<caption" in page
    assert 'scope="col"' in page
    assert 'scope="row"' in page
    assert '<span aria-hidden="true">✓</span> erledigt' in page
    assert "noch keine Strategie" in page
    municipalities = response.context["overview"].municipalities
    assert [guide.owner.name for guide in municipalities] == ["Eigenstadt"]
    assert reverse("transfer:municipality_guide", kwargs={"ags": own.ags}) in page
    assert second.slug in page


def test_a_municipality_with_its_own_strategy(client, world):
    home = world.outsider
    strategy = StrategyFactory(network=None, municipality=home, status="adopted")
    field = FieldOfActionFactory(strategy=strategy)
    measures = [MeasureFactory(field=field, strategy=strategy) for _ in range(2)]
    CommitmentFactory(municipality=home, measure=measures[0])
    _submitted(home)
    cdo = _user("cdo", municipality=home)
    url = reverse("transfer:municipality_guide", kwargs={"ags": home.ags})

    client.force_login(_user("cdo", municipality=world.members[0]))
    assert client.get(url).status_code == 403

    client.force_login(cdo)
    response = client.get(url)
    assert response.status_code == 200
    guide = response.context["guide"]
    states = _states(guide)
    assert states["inventory"] == DONE  # its own self-check
    assert states["implementation"] == IN_PROGRESS
    assert guide.steps[6].done == ["Für 1 von 2 Maßnahmen ist eine Beteiligung eingetragen."]
    assert "Strategieprozess: " + home.name in response.content.decode()


def test_a_contributor_sees_the_guide_but_no_editing_tools(client, world):
    _draft_strategy(world.network)
    client.force_login(_user("contributor", municipality=world.members[1]))
    page = client.get(
        reverse("transfer:network_guide", kwargs={"slug": world.network.slug})
    ).content.decode()
    home = world.members[1]
    assert f"Selbstcheck von {home.name}" in page
    # only CDOs enter commitments
    assert "Beteiligungen von" not in page
    assert reverse("commitments:bulk_edit", kwargs={"ags": home.ags}) not in page


def test_the_adoption_page_is_offered_when_it_exists(world):
    from django.urls import NoReverseMatch

    coordinator = _user("network_coordinator", network=world.network)
    guide = selectors_guide.network_guide(network=world.network, viewer=coordinator)
    labels = {link.label: link.url for link in guide.steps[3].links}
    try:
        expected = reverse("transfer:adopt", kwargs={"slug": world.network.slug})
    except NoReverseMatch:
        assert "Aus einer Blaupause übernehmen" not in labels
    else:
        assert labels["Aus einer Blaupause übernehmen"] == expected
    # a member of a municipality does not adopt for the network
    cdo = _user("cdo", municipality=world.members[0])
    guide = selectors_guide.network_guide(network=world.network, viewer=cdo)
    assert "Aus einer Blaupause übernehmen" not in {link.label for link in guide.steps[3].links}


def test_removed_members_and_strategies_do_not_count(world):
    strategy = _draft_strategy(world.network)
    gone = world.members[2]
    gone.deleted_at = NOW
    gone.save()
    guide = selectors_guide.network_guide_summary(network=world.network)
    assert guide.facts.member_count == 2
    strategy.deleted_at = NOW
    strategy.save()
    guide = selectors_guide.network_guide_summary(network=world.network)
    assert guide.strategy is None
    assert guide.steps[2].missing == ["Dafür braucht es zuerst eine Strategie (Schritt 2)."]


# --- query counts ------------------------------------------------------------------------------


def _add_network(region, members=3):
    district = DistrictFactory(region=region)
    network = NetworkFactory(region=region, district=district)
    towns = [MunicipalityFactory(district=district) for _ in range(members)]
    network.municipalities.add(*towns)
    strategy = _draft_strategy(network, status="adopted")
    for town in towns:
        _submitted(town)
        CommitmentFactory(municipality=town, measure=strategy.measures.first())
    return network


def _count_queries(client, url, django_assert_num_queries, expected):
    ContentType.objects.clear_cache()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# session, user, roles, authenticator (MFA), unread notifications, region, networks, members,
# municipalities with their own strategy, strategies with counts, self-checks, commitments
REGION_QUERIES = 12
# session, user, roles, unread notifications, network, members, strategies with counts,
# self-checks, commitments
NETWORK_QUERIES = 9


def test_region_overview_queries_do_not_grow_with_networks(
    client, world, django_assert_num_queries
):
    client.force_login(_admin(world.region))
    url = reverse("transfer:region_guide", kwargs={"slug": world.region.slug})
    _add_network(world.region)
    _count_queries(client, url, django_assert_num_queries, REGION_QUERIES)
    for _ in range(4):
        _add_network(world.region, members=5)
    response = _count_queries(client, url, django_assert_num_queries, REGION_QUERIES)
    assert len(response.context["overview"].networks) == 6
    added = [g for g in response.context["overview"].networks if g.owner.pk != world.network.pk]
    assert [guide.steps[6].state for guide in added] == [DONE] * 5


def test_network_guide_queries_do_not_grow_with_members(client, world, django_assert_num_queries):
    strategy = _draft_strategy(world.network, status="adopted")
    client.force_login(_user("network_coordinator", network=world.network))
    url = reverse("transfer:network_guide", kwargs={"slug": world.network.slug})
    _count_queries(client, url, django_assert_num_queries, NETWORK_QUERIES)
    district = world.members[0].district
    for _ in range(5):
        town = MunicipalityFactory(district=district)
        world.network.municipalities.add(town)
        _submitted(town)
        CommitmentFactory(municipality=town, measure=strategy.measures.first())
        MeasureFactory(field=strategy.fields.first(), strategy=strategy)
    response = _count_queries(client, url, django_assert_num_queries, NETWORK_QUERIES)
    assert response.context["guide"].facts.member_count == 8
