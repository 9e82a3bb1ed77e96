"""Joint projects in the API: only the public summary, only what the pages show, filters."""

import json
from datetime import date
from decimal import Decimal

import pytest

from blaupause.collaboration.constants import AgreementStatus, FundingStatus, PartnerStatus
from blaupause.collaboration.models import JointProject, ProjectPartner
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import MeasureFactory
from tests.factories.regions import MunicipalityFactory

from .conftest import API, bearer

pytestmark = pytest.mark.django_db

#: Never part of an answer, whoever asks.
INTERNAL_FIELDS = {
    "internal_notes",
    "budget_total",
    "cost_split",
    "funding_rate",
    "goal",
    "scope",
    "documents",
    "work_packages",
    "milestones",
    "is_public",
    "created_by",
}


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


def make_project(lead, *, partners=(), invited=(), **fields):
    values = {
        "title": "Gemeinsames ISMS",
        "lead_municipality": lead,
        "summary": "Ein **gemeinsames** Informationssicherheits-Managementsystem.",
        "internal_notes": "Vertraulich: Verhandlungsspielraum 20 %",
        "budget_total": Decimal("120000.00"),
        "funding_programme": "Digitale Kommune NRW",
        "funding_rate": Decimal("80"),
        "funding_status": FundingStatus.APPLIED,
        "agreement_status": AgreementStatus.LETTER_OF_INTENT,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
        "is_public": True,
    }
    values.update(fields)
    project = JointProject.objects.create(**values)
    ProjectPartner.objects.create(project=project, municipality=lead, status=PartnerStatus.ACCEPTED)
    for municipality in partners:
        ProjectPartner.objects.create(
            project=project, municipality=municipality, status=PartnerStatus.ACCEPTED
        )
    for municipality in invited:
        ProjectPartner.objects.create(
            project=project, municipality=municipality, status=PartnerStatus.INVITED
        )
    return project


@pytest.fixture
def places(municipality, other_municipality):
    district = municipality.district
    return {
        "lead": municipality,
        "partner": other_municipality,
        "invited": MunicipalityFactory(district=district, name="Eingeladen-Stadt"),
    }


def test_anonymous_callers_see_the_public_summary_only(client, places, network):
    measure = MeasureFactory(strategy__network=network, key="B-M04")
    project = make_project(
        places["lead"],
        partners=[places["partner"]],
        invited=[places["invited"]],
        measure=measure,
        network=network,
    )
    make_project(places["lead"], title="Geheimes Projekt", is_public=False)
    response, body = get(client, f"{API}/projects/")
    assert response.status_code == 200
    assert body["count"] == 1
    row = body["items"][0]
    assert row["uuid"] == str(project.uuid)
    assert row["title"] == "Gemeinsames ISMS"
    assert row["summary"].startswith("Ein **gemeinsames**")
    assert row["lead_municipality"] == {"ags": places["lead"].ags, "name": places["lead"].name}
    assert sorted(p["ags"] for p in row["partners"]) == sorted(
        [places["lead"].ags, places["partner"].ags]
    )
    assert row["measure"]["key"] == "B-M04"
    assert row["measure"]["strategy"] == measure.strategy.slug
    assert row["network"] == network.slug
    assert row["agreement_status"] == "letter_of_intent"
    assert row["funding_programme"] == "Digitale Kommune NRW"
    assert row["funding_status"] == "applied"
    assert row["starts_on"] == "2026-01-01"
    assert row["ends_on"] == "2027-12-31"
    assert row["url"] == project.get_absolute_url()
    assert not INTERNAL_FIELDS & set(row)
    text = response.content.decode()
    assert "Vertraulich" not in text
    assert "120000" not in text
    assert "Geheimes Projekt" not in text
    assert places["invited"].ags not in text


def test_non_public_project_answers_404_to_anonymous(client, places):
    hidden = make_project(places["lead"], title="Geheimes Projekt", is_public=False)
    response, body = get(client, f"{API}/projects/{hidden.uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 404
    assert "Geheimes" not in response.content.decode()


def test_partner_member_with_token_sees_non_public_project_but_no_internals(client, places):
    hidden = make_project(places["lead"], title="Geheimes Projekt", is_public=False)
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=places["lead"])
    response, body = get(client, f"{API}/projects/", **bearer(user))
    assert [row["uuid"] for row in body["items"]] == [str(hidden.uuid)]
    assert "Vertraulich" not in response.content.decode()
    assert "private" in response["Cache-Control"]
    response, body = get(client, f"{API}/projects/{hidden.uuid}", **bearer(user))
    assert response.status_code == 200
    assert not INTERNAL_FIELDS & set(body)


def test_outsider_with_token_does_not_see_non_public_project(client, places):
    hidden = make_project(places["lead"], is_public=False)
    outsider = UserFactory()
    MembershipFactory(user=outsider, role="cdo", municipality=places["invited"])
    response, _body = get(client, f"{API}/projects/{hidden.uuid}", **bearer(outsider))
    assert response.status_code == 404


def test_filters_status_municipality_and_measure(client, places, network):
    measure = MeasureFactory(strategy__network=network)
    signed = make_project(
        places["lead"],
        title="A Unterzeichnet",
        agreement_status=AgreementStatus.AGREEMENT_SIGNED,
        measure=measure,
    )
    idea = make_project(places["partner"], title="B Idee", agreement_status=AgreementStatus.IDEA)
    with_invitation = make_project(places["partner"], title="C Einladung", invited=[places["lead"]])

    def uuids(query):
        response, body = get(client, f"{API}/projects/?{query}")
        assert response.status_code == 200
        return [row["uuid"] for row in body["items"]]

    assert uuids("status=agreement_signed") == [str(signed.uuid)]
    assert uuids("status=idea") == [str(idea.uuid)]
    # Only as lead or accepted partner: an invitation is not revealed through the filter.
    assert uuids(f"municipality={places['lead'].ags}") == [str(signed.uuid)]
    assert uuids(f"municipality={places['partner'].ags}") == [
        str(idea.uuid),
        str(with_invitation.uuid),
    ]
    assert uuids(f"measure={measure.uuid}") == [str(signed.uuid)]
    assert uuids("municipality=999999999") == []


@pytest.mark.parametrize(
    "query",
    ["status=unterschrieben", "municipality=abc", "measure=keine-uuid", "limit=0", "offset=-1"],
)
def test_bad_filters_answer_422_problem(client, query):
    response, body = get(client, f"{API}/projects/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body["errors"]


def test_unknown_project_is_404_problem(client):
    response, body = get(client, f"{API}/projects/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert body["type"].endswith("nicht-gefunden")


def test_etag_last_modified_and_304(client, places):
    project = make_project(places["lead"])
    response = client.get(f"{API}/projects/")
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(f"{API}/projects/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    detail = client.get(f"{API}/projects/{project.uuid}")
    assert detail["ETag"]
    assert detail["Last-Modified"]


def test_pagination(client, places):
    for index in range(3):
        make_project(places["lead"], title=f"Projekt {index}")
    _response, body = get(client, f"{API}/projects/?limit=2&offset=1")
    assert body["count"] == 3
    assert [row["title"] for row in body["items"]] == ["Projekt 1", "Projekt 2"]


def test_list_query_count_does_not_grow(client, places, django_assert_max_num_queries):
    for index in range(12):
        others = [MunicipalityFactory(district=places["lead"].district) for _ in range(3)]
        make_project(
            places["lead"],
            title=f"Projekt {index:02}",
            partners=others[:2],
            invited=others[2:],
            measure=MeasureFactory(),
        )
    with django_assert_max_num_queries(3):
        response, body = get(client, f"{API}/projects/?limit=10")
    assert response.status_code == 200
    assert len(body["items"]) == 10
