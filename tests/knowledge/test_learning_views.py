"""Pages of learning offers: what people see, who may do what, bad input, query counts, and
the slots for the self-check results and the municipality page."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.knowledge.constants import OfferKind, OfferRole
from blaupause.knowledge.models import (
    LearningOffer,
    LearningParticipation,
    LearningPath,
    LearningPathStep,
)
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.assessments import submitted_assessment
from tests.factories.regions import MunicipalityFactory
from tests.knowledge.test_learning import coordinator_in, criteria, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(municipality):
    return municipality.district.region


@pytest.fixture
def admin(regional_admin):
    """A regional admin with an authenticator app: without one the site asks to set it up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(regional_admin, generate_totp_secret())
    return regional_admin


def _clear_caches():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# --- offer list and detail -----------------------------------------------------------------------


def test_offer_list_shows_published_offers_with_filters(client, region):
    make_offer(region, title="Webinar Sicherheit", codes=("B4",))
    make_offer(region, title="Geheimer Entwurf", is_published=False)
    make_offer(
        region,
        title="Kurs beim Anbieter",
        kind=OfferKind.COURSE,
        is_external=True,
        external_url="https://example.org/",
    )
    text = client.get(reverse("knowledge:offer_list")).content.decode()
    assert text.count("<h1") == 1
    assert "Webinar Sicherheit" in text
    assert "Kurs beim Anbieter" in text
    assert "Geheimer Entwurf" not in text
    assert "Lernangebot anlegen" not in text
    text = client.get(reverse("knowledge:offer_list"), {"herkunft": "extern"}).content.decode()
    assert "Kurs beim Anbieter" in text
    assert "Webinar Sicherheit" not in text
    text = client.get(reverse("knowledge:offer_list"), {"kriterium": "B4"}).content.decode()
    assert "Webinar Sicherheit" in text
    assert "Kurs beim Anbieter" not in text


def test_offer_list_ignores_invalid_filters(client, region):
    make_offer(region, title="Webinar Sicherheit")
    response = client.get(reverse("knowledge:offer_list"), {"art": "<script>", "rolle": "x"})
    assert response.status_code == 200
    assert "Webinar Sicherheit" in response.content.decode()


def test_offer_list_query_count_does_not_grow(client, region, cdo, django_assert_max_num_queries):
    client.force_login(cdo)
    url = reverse("knowledge:offer_list")
    make_offer(region, codes=("A1", "B4"))
    client.get(url)  # warm caches (session, content types)
    _clear_caches()
    with django_assert_max_num_queries(9) as first:
        client.get(url)
    for _ in range(6):
        make_offer(region, codes=("C1", "D1"))
    _clear_caches()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["offers"]) == 7


def test_offer_detail_and_unpublished_404(client, region, admin):
    offer = make_offer(region, title="Leitfaden E-Akte", codes=("B3",), description="**Wichtig**")
    hidden = make_offer(region, title="Entwurf", is_published=False)
    text = client.get(offer.get_absolute_url()).content.decode()
    assert "Leitfaden E-Akte" in text
    assert "<strong>Wichtig</strong>" in text
    assert "B3" in text
    assert "Bearbeiten" not in text
    assert "Teilnahmen Ihrer Kommune" not in text
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("knowledge:offer_detail", kwargs={"slug": "gibt-es-nicht"})).status_code
        == 404
    )
    client.force_login(admin)
    text = client.get(hidden.get_absolute_url()).content.decode()
    assert "Nicht veröffentlicht" in text
    assert "Bearbeiten" in text


# --- create and edit -----------------------------------------------------------------------------


def test_create_offer_by_coordination(client, region):
    coordinator = coordinator_in(region)
    client.force_login(coordinator)
    url = reverse("knowledge:offer_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Webinar Ratsinformationssystem",
            "kind": OfferKind.WEBINAR,
            "roles": [OfferRole.CDO],
            "raises_criteria": [c.pk for c in criteria("A4")],
            "region": region.pk,
            "duration_hours": "1,5",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    offer = LearningOffer.objects.get()
    assert offer.slug == "webinar-ratsinformationssystem"
    assert str(offer.duration_hours) == "1.5"
    assert [c.code for c in offer.criteria.all()] == ["A4"]


def test_create_offer_bad_input_keeps_what_was_typed(client, region, admin):
    client.force_login(admin)
    response = client.post(
        reverse("knowledge:offer_create"),
        {
            "title": "Kurs mit Fehlern",
            "kind": OfferKind.COURSE,
            "region": region.pk,
            "is_external": "on",
            "external_url": "keine adresse",
            "duration_hours": "-1",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="Kurs mit Fehlern"' in text
    assert "zwischen 0,1 und 1000 Stunden" in text
    assert not LearningOffer.objects.exists()
    response = client.post(
        reverse("knowledge:offer_create"),
        {"title": "Kurs", "kind": OfferKind.COURSE, "region": region.pk, "is_external": "on"},
    )
    assert response.status_code == 400
    assert "Ein externes Angebot braucht einen Link" in response.content.decode()


def test_create_offer_denied_for_cdo_and_anonymous(client, cdo):
    url = reverse("knowledge:offer_create")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(cdo)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "X", "kind": "webinar"}).status_code == 403


def test_edit_offer_conflict_and_permissions(client, region, admin, cdo):
    offer = make_offer(region, title="Alt")
    url = reverse("knowledge:offer_edit", kwargs={"slug": offer.slug})
    client.force_login(cdo)
    assert client.get(url).status_code == 404
    client.force_login(admin)
    data = {"title": "Neu", "kind": OfferKind.WEBINAR, "version": 1, "is_published": "on"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Später"})
    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Neu"


# --- learning paths ------------------------------------------------------------------------------


def test_path_list_and_detail_show_steps_in_order(client, region, django_assert_max_num_queries):
    first = make_offer(region, title="Erster Schritt")
    second = make_offer(region, title="Zweiter Schritt")
    hidden = make_offer(region, title="Versteckt", is_published=False)
    path = LearningPath.objects.create(
        slug="cdo-pfad", title="Pfad für CDO", role=OfferRole.CDO, region=region
    )
    LearningPathStep.objects.create(path=path, offer=second, order=2)
    LearningPathStep.objects.create(path=path, offer=first, order=1)
    LearningPathStep.objects.create(path=path, offer=hidden, order=3)
    text = client.get(reverse("knowledge:path_list")).content.decode()
    assert "Pfad für CDO" in text
    assert "2 Schritte" in text
    text = client.get(path.get_absolute_url()).content.decode()
    assert text.index("Erster Schritt") < text.index("Zweiter Schritt")
    assert "Versteckt" not in text
    assert "Schritt 1:" in text
    for number in range(5):
        LearningPath.objects.create(slug=f"p{number}", title=f"P{number}", role=OfferRole.ALL)
    with django_assert_max_num_queries(3):
        client.get(reverse("knowledge:path_list"))
    assert client.get(reverse("knowledge:path_detail", kwargs={"slug": "nix"})).status_code == 404


# --- participations ------------------------------------------------------------------------------


def test_cdo_records_participation_for_own_municipality(
    client, municipality, other_municipality, cdo
):
    offer = make_offer(municipality.district.region, title="Webinar Sicherheit")
    client.force_login(cdo)
    url = reverse("knowledge:participation_record")
    page = client.get(url, {"angebot": offer.slug}).content.decode()
    assert other_municipality.name not in page
    assert "keine Namen" in page
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        url,
        {
            "offer": offer.slug,
            "municipality": municipality.ags,
            "participants": "5",
            "completed_on": day.strftime("%d.%m.%Y"),
        },
        follow=True,
    )
    assert "Gespeichert: 5 Teilnehmende" in response.content.decode()
    row = LearningParticipation.objects.get()
    assert (row.municipality, row.participants, row.completed_on) == (municipality, 5, day)
    # Another municipality is not offered, and a forged value is refused.
    response = client.post(
        url,
        {
            "offer": offer.slug,
            "municipality": other_municipality.ags,
            "participants": "5",
            "completed_on": day.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Für diese Kommune können Sie keine Teilnahmen erfassen." in response.content.decode()
    assert LearningParticipation.objects.count() == 1


@pytest.mark.parametrize(
    ("participants", "completed_on", "message"),
    [
        ("-4", "01.03.2025", "negative Zahlen"),
        ("10001", "01.03.2025", "Höchstens 10.000 Teilnehmende"),
        ("zehn", "01.03.2025", "als ganze Zahl"),
        ("4", "31.02.2025", "Bitte geben Sie ein Datum ein"),
        ("4", "FUTURE", "in der Zukunft"),
    ],
)
def test_participation_bad_input_shows_german_errors(
    client, municipality, cdo, participants, completed_on, message
):
    offer = make_offer(municipality.district.region)
    if completed_on == "FUTURE":
        completed_on = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:participation_record"),
        {
            "offer": offer.slug,
            "municipality": municipality.ags,
            "participants": participants,
            "completed_on": completed_on,
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'value="{participants}"' in text  # what was typed stays
    assert not LearningParticipation.objects.exists()


def test_participation_page_denied_without_role(client):
    url = reverse("knowledge:participation_record")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


# --- competence overview -------------------------------------------------------------------------


def test_competence_overview_for_admin(client, municipality, admin, django_assert_max_num_queries):
    region = municipality.district.region
    offer = make_offer(region, codes=("D1",))
    LearningParticipation.objects.create(
        offer=offer,
        municipality=municipality,
        participants=6,
        completed_on=datetime.date(2025, 4, 1),
    )
    client.force_login(admin)
    url = reverse("knowledge:competence_overview")
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("<h1") == 1
    assert 'role="img"' in text
    assert "<title" in text
    assert "Tabelle zum Diagramm" in text
    assert municipality.name in text
    assert "D1" in text
    for _ in range(5):
        LearningParticipation.objects.create(
            offer=make_offer(region, codes=("A1",)),
            municipality=MunicipalityFactory(),
            participants=2,
            completed_on=datetime.date(2024, 4, 1),
        )
    client.get(url)
    _clear_caches()
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["overview"].total == 16


def test_competence_overview_denied_for_cdo(client, cdo):
    client.force_login(cdo)
    assert client.get(reverse("knowledge:competence_overview")).status_code == 403


# --- slots ---------------------------------------------------------------------------------------


def _render(template, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(template, {"user": user, **context}, request=request)


def test_assessment_slot_suggests_offers_for_gaps(municipality, cdo, other_municipality):
    region = municipality.district.region
    make_offer(region, title="Sicherheit lernen", codes=("B4",))
    make_offer(region, title="Nicht gebraucht", codes=("D6",))
    assessment = submitted_assessment(municipality, current=2, target=2, levels={"B4": (0, 3)})
    text = _render("knowledge/slots/assessment_offers.html", cdo, assessment=assessment)
    assert "Sicherheit lernen" in text
    assert "Nicht gebraucht" not in text
    stranger = UserFactory()
    MembershipFactory(user=stranger, role="cdo", municipality=other_municipality)
    text = _render("knowledge/slots/assessment_offers.html", stranger, assessment=assessment)
    assert "Sicherheit lernen" not in text


def test_municipality_slot_for_members_only(municipality, cdo):
    region = municipality.district.region
    offer = make_offer(region, title="Sicherheit lernen", codes=("B4",))
    submitted_assessment(municipality, current=2, target=2, levels={"B4": (0, 3)})
    LearningParticipation.objects.create(
        offer=offer,
        municipality=municipality,
        participants=3,
        completed_on=datetime.date(2025, 5, 2),
    )
    text = _render("knowledge/slots/municipality_learning.html", cdo, municipality=municipality)
    assert "Lernen und Kompetenz" in text
    assert "Sicherheit lernen" in text
    assert "3 Personen" in text
    assert "Teilnahmen erfassen" in text
    text = _render(
        "knowledge/slots/municipality_learning.html", AnonymousUser(), municipality=municipality
    )
    assert text.strip() == ""
