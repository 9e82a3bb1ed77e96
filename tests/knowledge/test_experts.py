"""The expert finder ("Wer hat das schon gemacht?") and the consent to be listed."""

from django.urls import reverse

import pytest

from blaupause.knowledge.models import ExpertListing
from blaupause.knowledge.services.experts import expert_listing_update
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory, MeasureFactory

pytestmark = pytest.mark.django_db

URL = "/wissen/expertise/"


@pytest.fixture
def led(network, municipality):
    measure = MeasureFactory(strategy__network=network, title="Ratsinformationssystem einführen")
    CommitmentFactory(municipality=municipality, measure=measure, role="lead")
    return measure


def _listed(user, topics="Gremienarbeit", note="Bitte per E-Mail"):
    return expert_listing_update(actor=user, listed=True, topics=topics, contact_note=note)


def test_url_names():
    assert reverse("knowledge:expert_finder") == URL
    assert reverse("knowledge:expert_consent") == URL + "mein-eintrag/"


def test_municipality_with_experience_found_by_compound_part(client, led, municipality):
    page = client.get(URL, {"thema": "Informationssystem"}).content.decode()
    assert municipality.name in page
    assert "Ratsinformationssystem einführen" in page


def test_inflected_topic_matches(client, led, municipality):
    page = client.get(URL, {"thema": "Ratsinformationssysteme"}).content.decode()
    assert municipality.name in page


def test_partners_and_unrelated_measures_are_not_experience(
    client, network, municipality, other_municipality
):
    measure = MeasureFactory(strategy__network=network, title="Ratsinformationssystem einführen")
    CommitmentFactory(municipality=other_municipality, measure=measure, role="partner")
    other = MeasureFactory(strategy__network=network, title="Breitband ausbauen")
    CommitmentFactory(municipality=municipality, measure=other, role="lead")
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert other_municipality.name not in page
    assert municipality.name not in page
    assert "hat noch keine Kommune" in page


def test_person_appears_only_with_consent(client, led, municipality, cdo):
    viewer = UserFactory()
    MembershipFactory(user=viewer, role="contributor", municipality=municipality)
    client.force_login(viewer)
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert str(cdo) not in page  # a CDO of the leading municipality, but not listed
    _listed(cdo)
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert str(cdo) in page
    assert "Bitte per E-Mail" in page
    expert_listing_update(actor=cdo, listed=False)
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert str(cdo) not in page
    listing = ExpertListing.objects.get(user=cdo)
    assert listing.consented_at is None


def test_person_found_by_own_topics(client, cdo, municipality):
    _listed(cdo, topics="E-Akte, Dokumentenmanagement")
    client.force_login(cdo)
    page = client.get(URL, {"thema": "Dokumentenmanagementsystem"}).content.decode()
    assert str(cdo) in page


def test_anonymous_sees_municipalities_but_no_people(client, led, municipality, cdo):
    _listed(cdo)
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert municipality.name in page
    assert str(cdo) not in page
    assert "Personen sehen nur angemeldete Mitglieder der Region." in page


def test_internal_lead_commitment_hidden_from_public(client, network, municipality):
    measure = MeasureFactory(strategy__network=network, title="E-Akte einführen")
    CommitmentFactory(municipality=municipality, measure=measure, role="lead", is_public=False)
    page = client.get(URL, {"thema": "E-Akte"}).content.decode()
    assert municipality.name not in page


@pytest.mark.parametrize(
    "topic", ["", "   ", "' OR 1=1 --", "<script>alert(1)</script>", "*" * 500, "%00", "und oder"]
)
def test_bad_topics_never_fail(client, led, topic):
    response = client.get(URL, {"thema": topic})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_consent_form(client, cdo):
    url = reverse("knowledge:expert_consent")
    client.force_login(cdo)
    assert client.get(url).status_code == 200
    response = client.post(url, {"listed": "on", "topics": "", "contact_note": "x"})
    assert response.status_code == 400
    assert "Bitte nennen Sie mindestens ein Thema" in response.content.decode()
    response = client.post(
        url, {"listed": "on", "topics": "E-Akte", "contact_note": ""}, follow=True
    )
    assert "Sie erscheinen jetzt im Expertenverzeichnis." in response.content.decode()
    listing = ExpertListing.objects.get(user=cdo)
    assert listing.listed
    assert listing.consented_at is not None
    response = client.post(url, {"topics": "E-Akte"}, follow=True)
    assert "Sie erscheinen nicht im Expertenverzeichnis." in response.content.decode()
    listing.refresh_from_db()
    assert not listing.listed
    assert listing.consented_at is None


def test_consent_form_needs_login(client):
    response = client.get(reverse("knowledge:expert_consent"))
    assert response.status_code == 302


def test_consent_too_long_input(client, cdo):
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:expert_consent"),
        {"listed": "on", "topics": "x" * 600, "contact_note": "y" * 400},
    )
    assert response.status_code == 400
    assert "Höchstens 500 Zeichen." in response.content.decode()
    assert not ExpertListing.objects.filter(listed=True).exists()


def test_finder_query_count_does_not_grow(
    client, network, municipality, other_municipality, cdo, django_assert_max_num_queries
):
    measure = MeasureFactory(strategy__network=network, title="E-Akte einführen")
    CommitmentFactory(municipality=municipality, measure=measure, role="lead")
    _listed(cdo, topics="E-Akte")
    client.force_login(cdo)
    client.get(URL, {"thema": "E-Akte"})
    with django_assert_max_num_queries(15) as first:
        client.get(URL, {"thema": "E-Akte"})
    for number in range(6):
        extra = MeasureFactory(strategy__network=network, title=f"E-Akte Stufe {number}")
        CommitmentFactory(municipality=other_municipality, measure=extra, role="lead")
        person = UserFactory()
        MembershipFactory(user=person, role="cdo", municipality=other_municipality)
        _listed(person, topics="E-Akte")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"thema": "E-Akte"})
    result = response.context["result"]
    assert len(result.persons) == 7
    assert {entry.municipality.pk for entry in result.municipalities} == {
        municipality.pk,
        other_municipality.pk,
    }


def test_lead_of_a_joint_project_has_experience(client, municipality, other_municipality):
    from django.apps import apps

    joint_project = apps.get_model("collaboration", "JointProject")
    joint_project.objects.create(
        title="Gemeinsames Ratsinformationssystem",
        summary="Drei Kommunen beschaffen ein System für die Gremienarbeit.",
        lead_municipality=other_municipality,
        is_public=True,
    )
    joint_project.objects.create(
        title="Interne Planung Ratsinformationssystem",
        lead_municipality=municipality,
        is_public=False,
    )
    page = client.get(URL, {"thema": "Ratsinformationssystem"}).content.decode()
    assert other_municipality.name in page
    assert "Gemeinsames Projekt (federführend):" in page
    assert municipality.name not in page
