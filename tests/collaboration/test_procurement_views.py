"""Pages of procurement plans: list with filters, detail, record, change, delete, and the slot
on the municipality page."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

import pytest

from blaupause.collaboration.models import ProcurementPlan
from tests.collaboration.test_procurement import ProcurementPlanFactory, member
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("collaboration:plan_list")
CREATE = reverse("collaboration:plan_create")


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(municipality):
    return ProcurementPlanFactory(
        municipality=municipality,
        subject="Einführung eines Ratsinformationssystems",
        product="Sitzungsdienst",
    )


@pytest.fixture
def far_plan(db):
    region = RegionFactory(slug="anderswo", name="Anderswo", ags_prefix="099")
    far = MunicipalityFactory(district=DistrictFactory(region=region), name="Fernstadt")
    return ProcurementPlanFactory(municipality=far, subject="Geheimes Vorhaben")


def _form(municipality, **overrides):
    data = {
        "municipality": municipality.ags,
        "subject": "Digitale Gremienarbeit",
        "category": "software",
        "planned_on": "01.05.2027",
        "estimated_volume": "45.000",
        "ozg_service": "",
        "product": "",
        "description": "Tablets für den Rat.",
        "open_for_partners": "on",
    }
    data.update(overrides)
    return data


# --- visibility --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, plan):
    for url in (LIST, plan.get_absolute_url(), CREATE):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_list_shows_region_plans_but_not_other_regions(client, plan, far_plan, other_municipality):
    client.force_login(member(other_municipality, "contributor"))
    response = client.get(LIST)
    text = _text(response)
    assert response.status_code == 200
    assert "Einführung eines Ratsinformationssystems" in text
    assert "Geheimes Vorhaben" not in text
    assert "Vorhaben erfassen" not in text  # contributors do not record plans
    assert client.get(far_plan.get_absolute_url()).status_code == 404


def test_plan_of_other_region_is_404_and_deleted_plan_too(client, plan, far_plan, cdo):
    client.force_login(cdo)
    assert client.get(far_plan.get_absolute_url()).status_code == 404
    plan.deleted_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    plan.save()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_list_filters(client, municipality, other_municipality, cdo):
    ProcurementPlanFactory(
        municipality=municipality, subject="WLAN an Schulen", category="infrastructure"
    )
    ProcurementPlanFactory(
        municipality=other_municipality,
        subject="E-Akte einführen",
        planned_on=datetime.date(2028, 2, 1),
    )
    elsewhere = MunicipalityFactory(district=DistrictFactory(), name="Kreisstadt")
    ProcurementPlanFactory(municipality=elsewhere, subject="Terminvergabe Bürgerbüro")
    client.force_login(cdo)

    def subjects(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return sorted(plan.subject for plan in response.context["plans"])

    assert subjects(kategorie="infrastructure") == ["WLAN an Schulen"]
    assert subjects(jahr="2028") == ["E-Akte einführen"]
    assert subjects(q="akte") == ["E-Akte einführen"]
    assert subjects(q="Kreisstadt") == ["Terminvergabe Bürgerbüro"]
    assert subjects(kreis=elsewhere.district.slug) == ["Terminvergabe Bürgerbüro"]
    assert subjects(kommune=municipality.ags) == ["WLAN an Schulen"]
    # Invalid filters are reported and ignored, never a 500.
    response = client.get(LIST, {"kategorie": "raumschiff", "jahr": "abc", "kreis": "nirgends"})
    assert response.status_code == 200
    text = _text(response)
    assert "Diese Kategorie gibt es nicht." in text
    assert "Diesen Kreis gibt es nicht." in text
    assert len(response.context["plans"]) == 3


def _count_queries(client, django_assert_max_num_queries, limit=14):
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(LIST, {"q": "Vorhaben"}).status_code == 200
    return len(captured.captured_queries)


def test_list_query_count_does_not_grow_with_plans(
    client, municipality, other_municipality, cdo, django_assert_max_num_queries
):
    client.force_login(cdo)
    ProcurementPlanFactory(municipality=municipality, subject="Vorhaben 0")
    one = _count_queries(client, django_assert_max_num_queries)
    for number in range(8):
        ProcurementPlanFactory(
            municipality=MunicipalityFactory(district=municipality.district),
            subject=f"Vorhaben {number + 1}",
        )
    many = _count_queries(client, django_assert_max_num_queries)
    assert many == one


def test_detail_shows_facts_and_tools_only_to_cdo(client, plan, municipality, other_municipality):
    client.force_login(member(other_municipality))
    text = _text(client.get(plan.get_absolute_url()))
    assert "<h1" in text
    assert text.count("<h1") == 1
    assert "Einführung eines Ratsinformationssystems" in text
    assert "40.000,00 €" in text
    assert f"{reverse('collaboration:suggestion_list')}?kommune={plan.municipality.ags}" in text
    assert reverse("collaboration:plan_edit", kwargs={"uuid": plan.uuid}) not in text
    client.force_login(member(municipality))
    text = _text(client.get(plan.get_absolute_url()))
    assert reverse("collaboration:plan_edit", kwargs={"uuid": plan.uuid}) in text
    assert reverse("collaboration:plan_delete", kwargs={"uuid": plan.uuid}) in text


# --- create ------------------------------------------------------------------------------------


def test_cdo_records_a_plan(client, municipality, cdo):
    client.force_login(cdo)
    form_page = client.get(CREATE, {"kommune": municipality.ags})
    assert form_page.status_code == 200
    response = client.post(CREATE, _form(municipality))
    plan = ProcurementPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.municipality == municipality
    assert str(plan.estimated_volume) == "45000.00"
    assert plan.planned_on == datetime.date(2027, 5, 1)
    assert plan.created_by == cdo


def test_create_for_foreign_municipality_is_refused(client, municipality, other_municipality, cdo):
    client.force_login(cdo)
    response = client.post(CREATE, _form(other_municipality))
    assert response.status_code == 400
    assert "Für diese Kommune können Sie kein Vorhaben erfassen." in _text(response)
    assert not ProcurementPlan.objects.exists()


def test_create_without_any_cdo_role_is_403(client, municipality):
    client.force_login(member(municipality, "contributor"))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _form(municipality)).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"subject": ""}, "Bitte geben Sie an, was beschafft werden soll."),
        ({"subject": "x" * 250}, "Höchstens 200 Zeichen"),
        ({"planned_on": "31.02.2027"}, "Bitte geben Sie ein gültiges Datum ein"),
        ({"planned_on": "01.01.1850"}, "zwischen den Jahren 2000 und 2100"),
        ({"planned_on": "01.01.9999"}, "zwischen den Jahren 2000 und 2100"),
        ({"estimated_volume": "-5"}, "darf nicht negativ sein"),
        ({"estimated_volume": "viel Geld"}, "Bitte geben Sie einen Betrag in Euro ein"),
        ({"estimated_volume": "99999999999999999"}, "höchstens 10 Milliarden Euro"),
        ({"category": ""}, "Bitte wählen Sie eine Kategorie."),
        ({"category": "<script>"}, "Bitte wählen Sie einen der angebotenen Werte."),
    ],
)
def test_bad_input_gives_german_errors_and_keeps_input(
    client, municipality, cdo, overrides, field_message
):
    client.force_login(cdo)
    data = _form(municipality, description="Mein getippter Text bleibt erhalten.", **overrides)
    response = client.post(CREATE, data)
    text = _text(response)
    assert response.status_code == 400
    assert field_message in text
    assert "Mein getippter Text bleibt erhalten." in text
    assert not ProcurementPlan.objects.exists()


def test_german_amounts_are_understood(client, municipality, cdo):
    client.force_login(cdo)
    client.post(CREATE, _form(municipality, estimated_volume="1.250,50 €"))
    assert str(ProcurementPlan.objects.get().estimated_volume) == "1250.50"


# --- edit and delete ---------------------------------------------------------------------------


def test_edit_saves_and_shows_conflict(client, plan, cdo):
    url = reverse("collaboration:plan_edit", kwargs={"uuid": plan.uuid})
    client.force_login(cdo)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="1"' in _text(page)
    data = _form(plan.municipality, subject="Ratsinformationssystem (neu)", version="1")
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.subject == "Ratsinformationssystem (neu)"
    assert plan.version == 2
    # A second person still on version 1 sees both texts; nothing is overwritten.
    response = client.post(url, {**data, "subject": "Veraltet"})
    assert response.status_code == 409
    text = _text(response)
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in text
    assert "Veraltet" in text
    assert "Ratsinformationssystem (neu)" in text
    plan.refresh_from_db()
    assert plan.subject == "Ratsinformationssystem (neu)"


def test_edit_by_neighbour_cdo_is_403_and_by_outsider_404(
    client, plan, other_municipality, far_plan
):
    url = reverse("collaboration:plan_edit", kwargs={"uuid": plan.uuid})
    client.force_login(member(other_municipality))
    assert client.get(url).status_code == 403
    assert client.post(url, _form(plan.municipality, version="1")).status_code == 403
    client.force_login(member(far_plan.municipality))
    assert client.get(url).status_code == 404


def test_delete_is_soft_and_needs_confirmation(client, plan, cdo, other_municipality):
    url = reverse("collaboration:plan_delete", kwargs={"uuid": plan.uuid})
    client.force_login(member(other_municipality))
    assert client.post(url, {"version": "1"}).status_code == 403
    client.force_login(cdo)
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": "1"})
    assert response.status_code == 302
    assert ProcurementPlan.all_objects.get(pk=plan.pk).is_deleted
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_delete_with_stale_version_changes_nothing(client, plan, cdo):
    url = reverse("collaboration:plan_delete", kwargs={"uuid": plan.uuid})
    client.force_login(cdo)
    ProcurementPlan.objects.filter(pk=plan.pk).update(version=3)
    response = client.post(url, {"version": "1"}, follow=True)
    assert "Jemand anderes hat das Vorhaben inzwischen geändert." in _text(response)
    assert not ProcurementPlan.all_objects.get(pk=plan.pk).is_deleted


# --- slot on the municipality page -------------------------------------------------------------


def _slot(user, municipality) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "collaboration/slots/municipality_plans.html", {"municipality": municipality}, request
    )


def test_slot_lists_plans_and_offers_adding_to_cdo(plan, municipality, other_municipality, cdo):
    text = _slot(cdo, municipality)
    assert "Einführung eines Ratsinformationssystems" in text
    assert f"{CREATE}?kommune={municipality.ags}" in text
    neighbour = _slot(member(other_municipality), municipality)
    assert "Einführung eines Ratsinformationssystems" in neighbour
    assert "Beschaffungsvorhaben erfassen" not in neighbour
    assert _slot(AnonymousUser(), municipality).strip() == ""
    assert _slot(UserFactory(), municipality).strip() == ""
    empty = _slot(member(other_municipality), other_municipality)
    assert "hat noch kein Beschaffungsvorhaben erfasst" in empty


def test_regional_admin_may_record_for_any_municipality_of_region(client, municipality):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=municipality.district.region)
    TOTP.activate(admin, generate_totp_secret())  # without one the site asks to set it up
    client.force_login(admin)
    response = client.post(CREATE, _form(municipality))
    assert response.status_code == 302
    assert ProcurementPlan.objects.get().municipality == municipality
