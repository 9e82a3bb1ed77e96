"""Procurement plans: who may see, record and change them, and what the services guarantee."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import factory
import pytest
from factory.django import DjangoModelFactory

from blaupause.collaboration.constants import ProcurementCategory
from blaupause.collaboration.models import ProcurementPlan
from blaupause.collaboration.services import procurement as services
from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


class ProcurementPlanFactory(DjangoModelFactory):
    class Meta:
        model = ProcurementPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    subject = factory.Sequence(lambda n: f"Beschaffung {n}")
    category = ProcurementCategory.SOFTWARE
    planned_on = datetime.date(2027, 3, 1)
    estimated_volume = Decimal("40000")


def member(municipality, role="cdo"):
    user = UserFactory()
    MembershipFactory(user=user, role=role, municipality=municipality)
    return user


@pytest.fixture
def plan(municipality):
    return ProcurementPlanFactory(municipality=municipality, subject="Ratsinformationssystem")


@pytest.fixture
def far_municipality(db):
    region = RegionFactory(slug="anderswo", name="Anderswo", ags_prefix="099")
    return MunicipalityFactory(district=DistrictFactory(region=region))


@pytest.fixture
def captured_signals():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    services.plan_changed.connect(receiver, weak=False)
    yield calls
    services.plan_changed.disconnect(receiver)


# --- rules -------------------------------------------------------------------------------------


def test_view_rule_role_matrix(plan, municipality, other_municipality, far_municipality):
    from django.contrib.auth.models import AnonymousUser

    coordinator = UserFactory()
    network = NetworkFactory(region=municipality.district.region)
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=municipality.district.region)
    far_admin = UserFactory()
    MembershipFactory(
        user=far_admin, role="regional_admin", region=far_municipality.district.region
    )
    matrix = {
        "anonymous": (AnonymousUser(), False),
        "no role": (UserFactory(), False),
        "own cdo": (member(municipality), True),
        "own contributor": (member(municipality, "contributor"), True),
        "neighbour cdo": (member(other_municipality), True),
        "neighbour contributor": (member(other_municipality, "contributor"), True),
        "other region cdo": (member(far_municipality), False),
        "coordination in region": (coordinator, True),
        "regional admin": (admin, True),
        "other region admin": (far_admin, False),
    }
    for label, (user, expected) in matrix.items():
        assert user.has_perm("collaboration.view_plan", plan) is expected, label
        assert user.has_perm("collaboration.view_procurementplan", plan) is expected, label


def test_change_and_add_rule_role_matrix(plan, municipality, other_municipality):
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=municipality.district.region)
    matrix = {
        "own cdo": (member(municipality), True),
        "own contributor": (member(municipality, "contributor"), False),
        "neighbour cdo": (member(other_municipality), False),
        "regional admin": (admin, True),
        "no role": (UserFactory(), False),
    }
    for label, (user, expected) in matrix.items():
        assert user.has_perm("collaboration.change_plan", plan) is expected, label
        assert user.has_perm("collaboration.delete_plan", plan) is expected, label
        assert user.has_perm("collaboration.add_plan", municipality) is expected, label


def test_deleted_plan_is_hidden_from_members_but_not_from_admins(plan, municipality, cdo):
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=municipality.district.region)
    services.plan_delete(actor=cdo, plan=plan)
    plan.refresh_from_db()
    assert not member(municipality).has_perm("collaboration.view_plan", plan)
    assert not cdo.has_perm("collaboration.change_plan", plan)
    assert admin.has_perm("collaboration.restore_plan", plan)


# --- services ----------------------------------------------------------------------------------


def _values(**overrides):
    values = {
        "subject": "  Einführung eines Ratsinformationssystems ",
        "category": ProcurementCategory.SOFTWARE,
        "planned_on": datetime.date(2027, 4, 1),
        "estimated_volume": "38000",
        "description": "Sitzungsvorlagen digital.",
    }
    values.update(overrides)
    return values


def test_create_records_audit_history_and_signal(
    municipality, cdo, captured_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(actor=cdo, municipality=municipality, **_values())
    assert plan.subject == "Einführung eines Ratsinformationssystems"
    assert plan.estimated_volume == Decimal("38000.00")
    assert plan.created_by == cdo
    assert plan.open_for_partners is True  # the default when not given
    assert plan.history.count() == 1
    event = AuditEvent.objects.get(verb="procurement_plan.created")
    assert event.actor == cdo
    assert event.municipality_ags == municipality.ags
    assert captured_signals == [
        {"signal": services.plan_changed, "plan_ids": [plan.pk], "action": "created"}
    ]


def test_create_for_another_municipality_is_denied(other_municipality, cdo):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=cdo, municipality=other_municipality, **_values())
    assert not ProcurementPlan.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "   ", "Bitte geben Sie an, was beschafft werden soll."),
        ("subject", "x" * 201, "Höchstens 200 Zeichen."),
        ("product", "x" * 201, "Höchstens 200 Zeichen."),
        ("planned_on", datetime.date(1999, 12, 31), "zwischen den Jahren 2000 und 2100"),
        ("planned_on", datetime.date(2101, 1, 1), "zwischen den Jahren 2000 und 2100"),
        ("planned_on", None, "Bitte geben Sie ein Datum ein"),
        ("estimated_volume", "-1", "darf nicht negativ sein"),
        ("estimated_volume", "1e15", "höchstens 10 Milliarden Euro"),
        ("estimated_volume", "NaN", "Betrag in Euro"),
        ("estimated_volume", "viel", "Betrag in Euro"),
        ("category", "raumschiff", "angebotenen Kategorien"),
    ],
)
def test_create_rejects_bad_values_with_german_messages(municipality, cdo, field, value, message):
    with pytest.raises(ValidationError) as raised:
        services.plan_create(actor=cdo, municipality=municipality, **_values(**{field: value}))
    assert message in " ".join(raised.value.message_dict[field])
    assert not ProcurementPlan.objects.exists()


def test_update_changes_fields_and_detects_conflicts(
    plan, cdo, captured_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(actor=cdo, plan=plan, expected_version=1, subject="RIS 2027")
    plan.refresh_from_db()
    assert plan.subject == "RIS 2027"
    assert plan.version == 2
    assert captured_signals[-1]["action"] == "updated"
    assert AuditEvent.objects.get(verb="procurement_plan.updated").data == {"subject": "RIS 2027"}
    stale = ProcurementPlan.objects.get(pk=plan.pk)
    with pytest.raises(EditConflict):
        services.plan_update(actor=cdo, plan=stale, expected_version=1, subject="Alt")
    plan.refresh_from_db()
    assert plan.subject == "RIS 2027"


def test_update_by_neighbour_is_denied(plan, other_municipality):
    with pytest.raises(PermissionDenied):
        services.plan_update(
            actor=member(other_municipality), plan=plan, expected_version=1, subject="Fremd"
        )


def test_delete_is_soft_and_restorable(
    plan, cdo, municipality, captured_signals, django_capture_on_commit_callbacks
):
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=municipality.district.region)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_delete(actor=cdo, plan=plan, expected_version=1)
    assert not ProcurementPlan.objects.filter(pk=plan.pk).exists()
    assert ProcurementPlan.all_objects.get(pk=plan.pk).is_deleted
    assert captured_signals[-1] == {
        "signal": services.plan_changed,
        "plan_ids": [plan.pk],
        "action": "deleted",
    }
    with pytest.raises(PermissionDenied):
        services.plan_restore(actor=cdo, plan=plan)
    services.plan_restore(actor=admin, plan=plan)
    assert ProcurementPlan.objects.filter(pk=plan.pk).exists()


def test_demo_loader_is_idempotent_and_labelled():
    from blaupause.collaboration.demo_procurement import DEMO_PLANS, load_demo_procurement
    from blaupause.regions import demo as regions_demo

    regions_demo.load_reference_data()
    created = load_demo_procurement()
    assert len(created) == len(DEMO_PLANS) >= 25
    assert load_demo_procurement() == []
    assert ProcurementPlan.objects.filter(is_demo=True).count() == len(DEMO_PLANS)
    assert all("Demo-Inhalt" in plan.description for plan in created)
    hoexter_ris = ProcurementPlan.objects.filter(
        municipality__district__name="Kreis Höxter",
        planned_on__year=2027,
        category__in=["software", "saas"],
    )
    assert hoexter_ris.count() >= 3


@pytest.mark.django_db(transaction=True)
def test_a_plan_similar_to_two_others_leads_to_a_synergy_suggestion(municipality):
    """The synergy finder listens to `plan_changed` (integration with the synergy services)."""
    from blaupause.collaboration.models import SynergySuggestion

    towns = [municipality, *MunicipalityFactory.create_batch(2, district=municipality.district)]
    subjects = [
        "Ratsinformationssystem einführen",
        "Digitale Gremienarbeit mit einem Ratsinformationssystem",
        "Einführung eines Ratsinformationssystems",
    ]
    for month, (town, subject) in enumerate(zip(towns, subjects, strict=True), start=3):
        services.plan_create(
            actor=member(town),
            municipality=town,
            **_values(subject=subject, planned_on=datetime.date(2027, month, 1)),
        )
    open_suggestions = SynergySuggestion.objects.filter(status="open")
    assert any(
        {m.pk for m in suggestion.municipalities.all()} == {t.pk for t in towns}
        for suggestion in open_suggestions
    )
