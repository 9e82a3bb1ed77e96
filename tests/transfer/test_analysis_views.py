"""The transfer analysis pages: table, sorting, filters, explanation, who sees which rows."""

import re
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.strategies.models import StrategyVersion
from blaupause.transfer.models import Adoption, ItemOrigin
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.assessments import submitted_assessment
from tests.factories.commitments import CommitmentFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory
from tests.factories.strategies import FieldOfActionFactory, MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db

A1_2 = {"kind": "criterion", "criterion": "A1", "min_level": 2, "text": "Netzwerkarbeit"}


@dataclass
class World:
    network: object
    members: list
    outsiders: list
    blueprint: object
    m1: object
    m2: object
    m3: object
    copy: object
    copy_measure: object


@pytest.fixture
def world(db, settings):
    settings.BLAUPAUSE_BENCHMARK_MIN_GROUP = 2
    district = DistrictFactory()
    region = district.region
    network = NetworkFactory(slug="testnetz", name="Testnetz", region=region, district=district)
    members = [
        MunicipalityFactory(district=district, name=name, population=15_000)
        for name in ("Aheim", "Bedorf", "Cestadt")
    ]
    network.municipalities.add(*members)
    owner = NetworkFactory(slug="eigentuemer", name="Eigentümer", region=region)
    blueprint = StrategyFactory(
        slug="blaupause", title="Die Blaupause", network=owner, is_blueprint=True
    )
    field = FieldOfActionFactory(strategy=blueprint, key="A", title="Zusammenarbeit")
    m1 = MeasureFactory(
        field=field,
        key="A-M01",
        title="Netzwerk stärken",
        effort="niedrig",
        cost_band="unter 10.000 €",
        prerequisites=[A1_2],
        raises_criteria=["A4"],
    )
    m2 = MeasureFactory(
        field=field,
        key="A-M02",
        title="Großes Portal",
        effort="hoch",
        cost_band="über 250.000 €",
        prerequisites=[{**A1_2, "min_level": 4}],
        raises_criteria=["A6"],
    )
    m3 = MeasureFactory(
        field=field,
        key="A-M03",
        title="Baut auf dem Portal auf",
        effort="niedrig",
        cost_band="unter 10.000 €",
        prerequisites=[],
        depends_on=[m2],
    )
    # Adopted elsewhere: three municipalities of the same size class, one via a copy.
    outsiders = [
        MunicipalityFactory(district=district, name=f"Andernorts {i}", population=12_000)
        for i in range(3)
    ]
    for municipality in outsiders[:2]:
        CommitmentFactory(municipality=municipality, measure=m1, status="in_progress", progress=40)
    other = NetworkFactory(slug="andere", name="Anderes Netz", region=region)
    copy = StrategyFactory(slug="kopie", title="Unsere Kopie", network=other, builds_on=blueprint)
    copy_field = FieldOfActionFactory(strategy=copy, key="A", title="Zusammenarbeit")
    copy_measure = MeasureFactory(field=copy_field, key="A-M01", title="Netzwerk stärken")
    version = StrategyVersion.objects.create(strategy=blueprint, number=1, snapshot={})
    adoption = Adoption.objects.create(
        strategy=copy, source=blueprint, source_version=version, synced_version=version
    )
    ItemOrigin.objects.create(
        adoption=adoption,
        kind="measure",
        item_uuid=copy_measure.uuid,
        source_uuid=m1.uuid,
        base={},
        base_version=1,
    )
    CommitmentFactory(municipality=outsiders[2], measure=copy_measure, status="done", progress=0)
    # Self-checks: two of three members reach A1 level 2 and want more on A4.
    submitted_assessment(members[0], levels={"A1": (3, 4), "A4": (1, 3), "A6": (1, 3)})
    submitted_assessment(members[1], levels={"A1": (2, 2), "A4": (1, 2), "A6": (1, 3)})
    return World(network, members, outsiders, blueprint, m1, m2, m3, copy, copy_measure)


def _user(role, **scope):
    user = UserFactory()
    MembershipFactory(user=user, role=role, **scope)
    return user


def _with_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def people(world):
    return {
        "anonymous": None,
        "coordinator": _user("network_coordinator", network=world.network),
        "cdo": _user("cdo", municipality=world.members[0]),
        "cdo_elsewhere": _user("cdo", municipality=world.outsiders[0]),
        "regional_admin": _with_totp(
            _user("regional_admin", region=world.members[0].district.region)
        ),
    }


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _url(slug="blaupause", key=None, **params):
    if key:
        url = reverse("transfer:analysis_measure", kwargs={"slug": slug, "key": key})
    else:
        url = reverse("transfer:analysis", kwargs={"slug": slug})
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{url}?{query}" if query else url


def _keys_in_table(html):
    body = html.split('<tbody class="kern-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<span class="bp-key">([A-Z]-M\d+)</span>', body)


def _recommendation(html, key):
    row = html.split(f'<span class="bp-key">{key}</span>', 1)[1].split("</tr>", 1)[0]
    return re.search(r'class="bp-ta-badge bp-ta--(\w+)"', row).group(1)


# --- the table ---------------------------------------------------------------------------------


def test_analysis_page_shows_summary_and_table(client, world):
    response = client.get(_url(netzwerk="testnetz"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Übertragungsanalyse für Testnetz" in html
    assert "Die Gruppe hat 3 Kommunen; 2 davon mit abgeschlossenem Selbstcheck." in html
    assert _keys_in_table(html) == ["A-M01", "A-M02", "A-M03"]
    assert _recommendation(html, "A-M01") == "uebernehmen"
    assert _recommendation(html, "A-M02") == "zurueckstellen"
    # A-M03 is easy itself but depends on the deferred portal.
    assert _recommendation(html, "A-M03") == "zurueckstellen"
    assert "Hängt ab von A-M02, das zurückgestellt werden sollte." in html
    assert 'aria-sort="ascending"' in html  # by measure, the default
    summary = {r[0]: r[1] for r in response.context["analysis"].counts}
    assert summary == {
        "uebernehmen": "übernehmen",
        "anpassen": "anpassen",
        "zurueckstellen": "zurückstellen",
    }


def test_without_network_the_page_asks_for_one(client, world):
    response = client.get(_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<select class="kern-form-input__select" name="netzwerk"' in html
    assert "Testnetz" in html
    assert "Alle Maßnahmen" not in html


def test_unknown_network_is_a_clear_error(client, world):
    response = client.get(_url(netzwerk="gibt-es-nicht"))
    assert response.status_code == 400
    assert "Dieses Netzwerk gibt es nicht." in response.content.decode()


def test_sorting_by_score_descending_and_ascending(client, world):
    html = client.get(_url(netzwerk="testnetz", sortierung="-punkte")).content.decode()
    scores = [int(s) for s in re.findall(r'bp-ta-score">(\d+)<', html)]
    assert scores == sorted(scores, reverse=True)
    assert _keys_in_table(html)[0] == "A-M01"
    header = html.split('aria-sort="descending"', 1)[1].split("</th>", 1)[0]
    assert "Punkte" in header
    assert "sortierung=punkte" in header  # the next click sorts ascending
    html = client.get(_url(netzwerk="testnetz", sortierung="punkte")).content.decode()
    assert [int(s) for s in re.findall(r'bp-ta-score">(\d+)<', html)] == sorted(scores)


def test_filter_by_recommendation(client, world):
    html = client.get(_url(netzwerk="testnetz", empfehlung="zurueckstellen")).content.decode()
    assert _keys_in_table(html) == ["A-M02", "A-M03"]
    assert "2 von 3 Maßnahmen werden angezeigt." in html


def test_unknown_filter_and_sort_are_reported_and_ignored(client, world):
    response = client.get(_url(netzwerk="testnetz", empfehlung="vielleicht", sortierung="x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese Empfehlung gibt es nicht." in html
    assert "Nach dieser Spalte lässt sich nicht sortieren." in html
    assert _keys_in_table(html) == ["A-M01", "A-M02", "A-M03"]


def test_draft_strategy_is_not_public(client, world):
    world.blueprint.status = "draft"
    world.blueprint.save()
    assert client.get(_url(netzwerk="testnetz")).status_code == 403


# --- one measure -------------------------------------------------------------------------------


def test_measure_page_explains_score_and_adoption_elsewhere(client, world):
    response = client.get(_url(key="A-M01", netzwerk="testnetz"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 von 2 Kommunen erfüllen die Voraussetzung „Kriterium A1 ab Stufe 2“." in html
    assert "1 Kommune hat keinen Selbstcheck abgeschlossen" in html
    # Two commitments to the blueprint measure and one to the copy: three peers.
    assert "In Kommunen Ihrer Größenklasse (10.000 bis unter 20.000) haben 3 von 3" in html
    assert "im Mittel zu 60 % umgesetzt" in html  # (40 + 40 + 100) / 3
    result = response.context["result"]
    assert result.score == sum(part.points for part in result.parts)
    peers = {row.label: row for row in response.context["peers"]}
    assert peers["10.000 bis unter 20.000"].adopted == 3
    assert peers["10.000 bis unter 20.000"].group_members == 3
    assert peers["unter 10.000"].adopted == 0


def test_measure_page_lists_dependencies_with_their_recommendation(client, world):
    html = client.get(_url(key="A-M03", netzwerk="testnetz")).content.decode()
    deps = html.split('id="abhaengigkeiten"', 1)[1]
    assert "A-M02" in deps
    assert "bp-ta--zurueckstellen" in deps
    html = client.get(_url(key="A-M02", netzwerk="testnetz")).content.decode()
    assert "A-M03" in html.split("Darauf bauen auf", 1)[1]


def test_unknown_measure_is_404(client, world):
    assert client.get(_url(key="Z-M99", netzwerk="testnetz")).status_code == 404


def test_the_copy_analyses_its_own_measures_for_its_network(client, world):
    response = client.get(_url(slug="kopie"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Übertragungsanalyse für Anderes Netz" in html
    assert _keys_in_table(html) == ["A-M01"]


# --- who sees the named fit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "names", "levels"),
    [
        ("anonymous", None, False),
        ("cdo_elsewhere", None, False),
        ("coordinator", ["Aheim", "Bedorf", "Cestadt"], False),
        ("cdo", ["Aheim"], True),
        ("regional_admin", ["Aheim", "Bedorf", "Cestadt"], True),
    ],
)
def test_who_sees_the_fit_per_municipality(client, world, people, role, names, levels):
    response = _get(client, people[role], _url(key="A-M01", netzwerk="testnetz"))
    assert response.status_code == 200
    html = response.content.decode()
    fit = response.context["fit"]
    if names is None:
        assert fit is None
        assert "Voraussetzungen je Kommune" not in html
        assert "Aheim" not in html
        return
    assert [row.name for row in fit] == names
    table = html.split('id="kommunen"', 1)[1].split("</table>", 1)[0]
    assert ("Stufe 3" in table) is levels
    assert "erfüllt" in table
    if "Cestadt" in names:
        assert "kein Selbstcheck" in table.split("Cestadt", 1)[1]


def test_few_self_checks_are_left_out_for_the_public(client, world, people, settings):
    settings.BLAUPAUSE_BENCHMARK_MIN_GROUP = 5
    html = client.get(_url(key="A-M01", netzwerk="testnetz")).content.decode()
    assert "Ohne Selbstcheck-Werte" in html
    assert "2 von 2 Kommunen erfüllen" not in html
    html = _get(client, people["coordinator"], _url(key="A-M01", netzwerk="testnetz"))
    html = html.content.decode()
    assert "Ohne Selbstcheck-Werte" not in html
    assert "2 von 2 Kommunen erfüllen" in html


# --- links from other pages --------------------------------------------------------------------


def test_link_on_blueprint_and_copy_pages(client, world):
    html = client.get(world.blueprint.get_absolute_url()).content.decode()
    assert f'href="{_url()}"' in html
    assert "Passt die Strategie zu uns? Übertragungsanalyse" in html
    html = client.get(world.copy.get_absolute_url()).content.decode()
    assert f'href="{_url(slug="kopie", netzwerk="andere")}"' in html


def test_no_link_on_an_ordinary_strategy(client, world):
    plain = StrategyFactory(slug="schlicht", network=world.network)
    html = client.get(plain.get_absolute_url()).content.decode()
    assert "Übertragungsanalyse" not in html


@pytest.mark.parametrize(
    ("role", "shown"),
    [("anonymous", False), ("cdo", False), ("coordinator", True), ("regional_admin", True)],
)
def test_link_on_the_network_page(client, world, people, role, shown):
    html = _get(client, people[role], world.network.get_absolute_url()).content.decode()
    assert (f'href="{_url(netzwerk="testnetz")}"' in html) is shown


# --- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "A-M01"])
def test_query_count_does_not_grow_with_municipalities_elsewhere(
    client, world, people, django_assert_num_queries, key
):
    client.force_login(people["regional_admin"])
    url = _url(key=key, netzwerk="testnetz")
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    assert len(first.captured_queries) <= 20
    district = world.members[0].district
    for i in range(6):
        municipality = MunicipalityFactory(district=district, population=5_000 + i * 20_000)
        CommitmentFactory(municipality=municipality, measure=world.m1)
        CommitmentFactory(municipality=municipality, measure=world.m3, status="done")
        submitted_assessment(municipality)
    newcomer = MunicipalityFactory(district=district, population=15_000)
    world.network.municipalities.add(newcomer)
    submitted_assessment(newcomer)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["analysis"].members) == 4


def test_the_copy_counts_the_blueprint_and_its_other_copies(client, world):
    world.copy.network.municipalities.add(
        MunicipalityFactory(district=world.members[0].district, population=16_000)
    )
    html = client.get(_url(slug="kopie", key="A-M01")).content.decode()
    # Outside the group "Anderes Netz": two commitments to the blueprint measure, one to the
    # copy itself; the six other municipalities of the class are the denominator.
    assert "In Kommunen Ihrer Größenklasse (10.000 bis unter 20.000) haben 3 von 6" in html
