"""Learning offers: permissions, services with bad input, suggestions from self-check gaps,
the competence overview and the demo data."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from blaupause.assessments.loader import criteria_load
from blaupause.assessments.models import Criterion
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.knowledge.constants import OfferKind, OfferRole
from blaupause.knowledge.models import LearningOffer, LearningParticipation
from blaupause.knowledge.selectors import learning as selectors
from blaupause.knowledge.services import learning as services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.assessments import submitted_assessment
from tests.factories.regions import MunicipalityFactory, NetworkFactory, RegionFactory

pytestmark = pytest.mark.django_db


def criteria(*codes):
    criteria_set = criteria_load().criteria_set
    found = {c.code: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
    return [found[code] for code in codes]


def make_offer(region=None, *, codes=(), **values):
    """An offer created directly (test data), tagged with the criteria `codes`."""
    number = LearningOffer.all_objects.count() + 1
    defaults = {
        "title": f"Angebot {number}",
        "slug": f"angebot-{number}",
        "kind": OfferKind.WEBINAR,
        "region": region,
        "roles": [OfferRole.CDO],
    }
    offer = LearningOffer.objects.create(**{**defaults, **values})
    if codes:
        offer.criteria.set(criteria(*codes))
    return offer


def coordinator_in(region):
    user = UserFactory()
    network = NetworkFactory(region=region)
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


def offer_values(**values):
    return {
        "title": "Webinar Informationssicherheit",
        "slug": "",
        "kind": OfferKind.WEBINAR,
        "description": "Worum es geht",
        "provider": "Geschäftsstelle",
        "external_url": "",
        "is_external": False,
        "duration_hours": "1.5",
        "roles": [OfferRole.CDO],
        "is_published": True,
        **values,
    }


@pytest.fixture
def region(municipality):
    return municipality.district.region


# --- rules ---------------------------------------------------------------------------------------


def test_who_may_create_and_change_offers(region, regional_admin, cdo):
    offer = make_offer(region)
    coordinator = coordinator_in(region)
    other_region_admin = UserFactory()
    MembershipFactory(
        user=other_region_admin,
        role="regional_admin",
        region=RegionFactory(slug="anders", ags_prefix="099", name="Andere Region"),
    )
    anonymous = AnonymousUser()
    for user, allowed in (
        (regional_admin, True),
        (coordinator, True),
        (cdo, False),
        (other_region_admin, False),
        (anonymous, False),
    ):
        assert user.has_perm("knowledge.add_learningoffer", region) is allowed
        assert user.has_perm("knowledge.change_learningoffer", offer) is allowed
        assert user.has_perm("knowledge.view_competence", region) is allowed


def test_unpublished_offer_is_seen_only_by_managers(region, regional_admin, cdo):
    offer = make_offer(region, is_published=False)
    assert regional_admin.has_perm("knowledge.view_learningoffer", offer)
    assert not cdo.has_perm("knowledge.view_learningoffer", offer)
    assert list(selectors.offer_list(viewer=cdo)) == []
    assert list(selectors.offer_list(viewer=regional_admin)) == [offer]


def test_cdo_records_only_for_own_municipality(municipality, other_municipality, cdo):
    offer = make_offer(municipality.district.region)
    assert cdo.has_perm("knowledge.record_participation", municipality)
    assert not cdo.has_perm("knowledge.record_participation", other_municipality)
    with pytest.raises(PermissionDenied):
        services.learning_participation_record(
            actor=cdo,
            offer=offer,
            municipality=other_municipality,
            participants=3,
            completed_on=timezone.localdate(),
        )
    assert not LearningParticipation.objects.exists()


# --- services ------------------------------------------------------------------------------------


def test_create_offer_makes_slug_tags_criteria_and_audits(region, regional_admin):
    offer = services.learning_offer_create(
        actor=regional_admin, region=region, criteria=criteria("B4"), **offer_values()
    )
    assert offer.slug == "webinar-informationssicherheit"
    assert [c.code for c in offer.criteria.all()] == ["B4"]
    assert str(offer.duration_hours) == "1.5"
    assert AuditEvent.objects.filter(verb="learning_offer.created").count() == 1
    second = services.learning_offer_create(actor=regional_admin, region=region, **offer_values())
    assert second.slug == "webinar-informationssicherheit-2"


def test_create_offer_rejects_bad_input_in_german(region, regional_admin, cdo):
    with pytest.raises(PermissionDenied):
        services.learning_offer_create(actor=cdo, region=region, **offer_values())
    with pytest.raises(ValidationError) as error:
        services.learning_offer_create(
            actor=regional_admin,
            region=region,
            **offer_values(
                title=" ",
                kind="quiz",
                is_external=True,
                duration_hours="-2",
                roles=["hacker"],
                slug="Nicht Gültig",
            ),
        )
    messages = error.value.message_dict
    assert messages["title"] == ["Bitte geben Sie einen Titel ein."]
    assert "Art" in messages["kind"][0]
    assert "Link zum Angebot" in messages["external_url"][0]
    assert "zwischen 0,1 und 1000" in messages["duration_hours"][0]
    assert "Zielgruppen" in messages["roles"][0]
    assert "Kleinbuchstaben" in messages["slug"][0]
    assert not LearningOffer.objects.exists()


def test_update_detects_concurrent_change(region, regional_admin):
    offer = make_offer(region)
    services.learning_offer_update(
        actor=regional_admin, offer=offer, expected_version=1, **offer_values(title="Erste")
    )
    with pytest.raises(EditConflict):
        services.learning_offer_update(
            actor=regional_admin, offer=offer, expected_version=1, **offer_values(title="Zweite")
        )
    offer.refresh_from_db()
    assert offer.title == "Erste"
    assert offer.version == 2


@pytest.mark.parametrize(
    ("participants", "completed_on", "field", "text"),
    [
        (-3, datetime.date(2025, 5, 1), "participants", "negative Zahlen"),
        (0, datetime.date(2025, 5, 1), "participants", "mindestens eine"),
        (10_001, datetime.date(2025, 5, 1), "participants", "Höchstens 10.000"),
        ("viele", datetime.date(2025, 5, 1), "participants", "ganze Zahl"),
        (4, "gestern", "completed_on", "Datum"),
        (4, None, "completed_on", "Datum"),
    ],
)
def test_participation_bad_input(municipality, cdo, participants, completed_on, field, text):
    offer = make_offer(municipality.district.region)
    with pytest.raises(ValidationError) as error:
        services.learning_participation_record(
            actor=cdo,
            offer=offer,
            municipality=municipality,
            participants=participants,
            completed_on=completed_on,
        )
    assert text in error.value.message_dict[field][0]
    assert not LearningParticipation.objects.exists()


def test_participation_in_the_future_is_refused(municipality, cdo):
    offer = make_offer(municipality.district.region)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.learning_participation_record(
            actor=cdo, offer=offer, municipality=municipality, participants=2, completed_on=tomorrow
        )
    assert "Zukunft" in error.value.message_dict["completed_on"][0]


def test_participation_for_unpublished_offer_is_refused(municipality, cdo):
    offer = make_offer(municipality.district.region, is_published=False)
    with pytest.raises(ValidationError) as error:
        services.learning_participation_record(
            actor=cdo,
            offer=offer,
            municipality=municipality,
            participants=2,
            completed_on=timezone.localdate(),
        )
    assert "veröffentlichtes" in error.value.message_dict["offer"][0]


def test_participation_is_recorded_with_counts_only(municipality, cdo):
    offer = make_offer(municipality.district.region)
    row = services.learning_participation_record(
        actor=cdo,
        offer=offer,
        municipality=municipality,
        participants="7",
        completed_on=timezone.localdate(),
    )
    assert row.participants == 7
    assert row.recorded_by == cdo
    event = AuditEvent.objects.get(verb="learning_participation.recorded")
    assert event.municipality_ags == municipality.ags
    assert event.data["participants"] == 7


# --- selectors -----------------------------------------------------------------------------------


def test_offer_list_filters(region, cdo):
    webinar = make_offer(region, codes=("B4",), roles=[OfferRole.CDO])
    course = make_offer(
        region,
        kind=OfferKind.COURSE,
        is_external=True,
        external_url="https://example.org/",
        roles=[OfferRole.ALL],
        codes=("D1",),
    )
    leaders = make_offer(region, kind=OfferKind.GUIDE, roles=[OfferRole.LEADERSHIP])
    assert list(selectors.offer_list(viewer=cdo, kind=OfferKind.COURSE)) == [course]
    assert set(selectors.offer_list(viewer=cdo, role=OfferRole.CDO)) == {webinar, course}
    assert list(selectors.offer_list(viewer=cdo, role=OfferRole.LEADERSHIP)) == [course, leaders]
    assert list(selectors.offer_list(viewer=cdo, criterion="B4")) == [webinar]
    assert list(selectors.offer_list(viewer=cdo, external=True)) == [course]
    assert set(selectors.offer_list(viewer=cdo, external=False)) == {webinar, leaders}


def test_offers_for_gaps_ranks_by_largest_gap(municipality, django_assert_max_num_queries):
    region = municipality.district.region
    small = make_offer(region, title="Kleine Lücke", codes=("A1",))
    big = make_offer(region, title="Große Lücke", codes=("B4",))
    both = make_offer(region, title="Zwei Lücken", codes=("B4", "C1"))
    make_offer(region, title="Keine Lücke", codes=("D6",))
    make_offer(region, title="Unveröffentlicht", codes=("B4",), is_published=False)
    assessment = submitted_assessment(
        municipality,
        current=2,
        target=2,
        levels={"A1": (2, 3), "B4": (0, 4), "C1": (1, 3), "D6": (3, 3)},
    )
    with django_assert_max_num_queries(3):
        found = selectors.offers_for_gaps(assessment, limit=5)
    assert [s.offer for s in found] == [both, big, small]
    assert found[0].criteria == ["B4", "C1"]
    assert found[0].score == 6
    assert [s.offer for s in selectors.offers_for_gaps(assessment, limit=1)] == [both]


def test_offers_for_gaps_without_gaps_or_assessment(municipality):
    make_offer(municipality.district.region, codes=("A1",))
    assert selectors.offers_for_gaps(None) == []
    assessment = submitted_assessment(municipality, current=3, target=3)
    assert selectors.offers_for_gaps(assessment) == []


def test_offers_for_municipality_uses_latest_submitted(municipality):
    region = municipality.district.region
    old = make_offer(region, codes=("A1",))
    new = make_offer(region, codes=("B4",))
    submitted_assessment(municipality, year=2024, current=2, target=2, levels={"A1": (0, 4)})
    submitted_assessment(municipality, year=2025, current=2, target=2, levels={"B4": (0, 4)})
    assessment, found = selectors.offers_for_municipality(municipality=municipality)
    assert assessment.year == 2025
    assert [s.offer for s in found] == [new]
    assert old not in [s.offer for s in found]


def test_competence_overview_counts_per_district_municipality_criterion_year(municipality):
    region = municipality.district.region
    elsewhere = MunicipalityFactory()  # another district of the same region
    offer = make_offer(region, codes=("B4", "D1"))
    LearningParticipation.objects.create(
        offer=offer,
        municipality=municipality,
        participants=3,
        completed_on=datetime.date(2024, 3, 1),
    )
    LearningParticipation.objects.create(
        offer=offer,
        municipality=municipality,
        participants=2,
        completed_on=datetime.date(2025, 3, 1),
    )
    LearningParticipation.objects.create(
        offer=offer, municipality=elsewhere, participants=4, completed_on=datetime.date(2025, 6, 1)
    )
    overview = selectors.competence_overview(region=region)
    assert overview.years == [2024, 2025]
    assert overview.total == 9
    assert overview.year_totals == [3, 6]
    by_name = {row.label: row.values for row in overview.municipalities}
    assert by_name[municipality.name] == [3, 2]
    assert by_name[elsewhere.name] == [0, 4]
    assert {row.code: row.values for row in overview.criteria} == {"B4": [3, 6], "D1": [3, 6]}
    assert sorted(row.total for row in overview.districts) == [4, 5]


def test_demo_learning_is_idempotent_and_labelled(municipality):
    from blaupause.knowledge.demo_learning import load_demo_learning
    from blaupause.knowledge.models import LearningPath

    first = load_demo_learning()
    assert first["offers"] == 10
    assert first["paths"] == 3
    assert first["participations"] > 0  # the factory municipalities have OWL AGS (057…)
    assert load_demo_learning() == {"offers": 0, "paths": 0, "participations": 0}
    assert all(
        offer.is_demo and "Demo" in offer.description for offer in LearningOffer.objects.all()
    )
    external = LearningOffer.objects.filter(is_external=True)
    assert external.count() == 3
    assert {offer.external_url for offer in external} == {"https://egov-campus.org/"}
    assert all(offer.criteria.exists() for offer in LearningOffer.objects.all())
    assert sorted(LearningPath.objects.values_list("role", flat=True)) == [
        "cdo",
        "contributor",
        "leadership",
    ]
    assert not LearningParticipation.objects.filter(completed_on__gt=timezone.localdate()).exists()
