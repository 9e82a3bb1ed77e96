"""Synergy pages: who sees what, dismiss and convert through the forms, slots, query counts."""

import datetime

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.collaboration.models import JointProject, SynergySuggestion
from blaupause.collaboration.services.synergy import recompute_all
from tests.collaboration.synergy_support import hoexter, person, plan
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date(timezone.localdate().year + 1, 6, 1)
TOPICS = [
    ("Einführung eines Ratsinformationssystems", "Ratsinfosystem mit Mandatsträger-App"),
    ("Dokumentenmanagementsystem beschaffen", "DMS-Lizenzen für die Kernverwaltung"),
    ("Online-Terminvergabe für das Bürgerbüro", "Terminvereinbarungssystem im Bürgeramt"),
    ("Glasfaserausbau in unterversorgten Gebieten", "Breitbandausbau in Gewerbegebieten"),
    ("Videokonferenzsystem für die Verwaltung", "Webkonferenz-Lösung beschaffen"),
    ("Mängelmelder-App einführen", "Anliegenmanagement für Hinweise"),
]


@pytest.fixture
def towns():
    return hoexter(3)


@pytest.fixture
def suggestion(towns):
    plan(towns[0], TOPICS[0][0], planned_on=NEXT_YEAR)
    plan(towns[1], TOPICS[0][1], planned_on=NEXT_YEAR)
    recompute_all()
    return SynergySuggestion.objects.get()


def _login(client, user):
    client.force_login(user)


def test_member_sees_list_and_detail_with_reasons(client, suggestion, towns):
    _login(client, person(municipality=towns[0]))
    response = client.get(reverse("collaboration:suggestion_list"))
    assert response.status_code == 200
    assert suggestion.title in response.content.decode()
    detail = client.get(reverse("collaboration:suggestion_detail", args=[suggestion.uuid]))
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "Ähnliche Vorhaben" in text
    assert "Zeitraum überschneidet sich" in text
    assert "Gemeinsames Projekt starten" in text
    assert "Vorschlag ausblenden" in text
    assert text.count("<h1") == 1


@pytest.mark.parametrize("who", ["anonymous", "other_municipality", "other_region_admin"])
def test_outsiders_get_404_or_login(client, suggestion, towns, who):
    url = reverse("collaboration:suggestion_detail", args=[suggestion.uuid])
    if who == "anonymous":
        assert client.get(url).status_code == 302
        return
    if who == "other_municipality":
        _login(client, person(municipality=towns[2]))
    else:
        from tests.factories.regions import RegionFactory

        _login(
            client, person(role="regional_admin", region=RegionFactory(ags_prefix="059", slug="x"))
        )
    assert client.get(url).status_code == 404
    assert (
        suggestion.title
        not in client.get(reverse("collaboration:suggestion_list")).content.decode()
    )


def test_region_admin_and_network_coordinator_see_it(client, suggestion, towns):
    _login(client, person(role="regional_admin", region=towns[0].district.region))
    assert (
        client.get(reverse("collaboration:suggestion_detail", args=[suggestion.uuid])).status_code
        == 200
    )
    network = NetworkFactory(region=towns[0].district.region)
    network.municipalities.add(towns[1])
    client.logout()
    _login(client, person(role="network_coordinator", network=network))
    assert (
        client.get(reverse("collaboration:suggestion_detail", args=[suggestion.uuid])).status_code
        == 200
    )


def test_contributor_sees_but_may_not_act(client, suggestion, towns):
    _login(client, person(role="contributor", municipality=towns[0]))
    detail = client.get(reverse("collaboration:suggestion_detail", args=[suggestion.uuid]))
    assert "Vorschlag ausblenden" not in detail.content.decode()
    assert (
        client.get(reverse("collaboration:suggestion_dismiss", args=[suggestion.uuid])).status_code
        == 403
    )
    assert (
        client.post(reverse("collaboration:suggestion_convert", args=[suggestion.uuid])).status_code
        == 403
    )


def test_dismiss_form_keeps_input_on_error_and_hides_after(client, suggestion, towns):
    _login(client, person(municipality=towns[0]))
    url = reverse("collaboration:suggestion_dismiss", args=[suggestion.uuid])
    response = client.post(url, {"scope": towns[0].ags, "reason": "   "})
    assert response.status_code == 200
    assert "Bitte nennen Sie kurz den Grund." in response.content.decode()
    response = client.post(url, {"scope": towns[1].ags, "reason": "Nicht unsere"})
    assert "Bitte wählen Sie eine der angebotenen Möglichkeiten." in response.content.decode()
    assert "Nicht unsere" in response.content.decode()
    response = client.post(url, {"scope": towns[0].ags, "reason": "Vertrag bis 2029"})
    assert response.status_code == 302
    listing = client.get(reverse("collaboration:suggestion_list")).content.decode()
    assert suggestion.title not in listing
    recompute_all()
    listing = client.get(reverse("collaboration:suggestion_list")).content.decode()
    assert suggestion.title not in listing
    with_hidden = client.get(reverse("collaboration:suggestion_list") + "?ausgeblendet=1")
    assert suggestion.title in with_hidden.content.decode()


def test_convert_in_one_step(client, suggestion, towns):
    _login(client, person(municipality=towns[1]))
    url = reverse("collaboration:suggestion_convert", args=[suggestion.uuid])
    page = client.get(url)
    assert page.status_code == 200
    assert "Projekt anlegen" in page.content.decode()
    bad = client.post(url, {"lead": towns[1].ags, "title": "", "version": suggestion.version})
    assert "Bitte geben Sie dem Projekt einen Titel." in bad.content.decode()
    wrong = client.post(url, {"lead": "xyz", "title": "RIS", "version": suggestion.version})
    assert "Bitte wählen Sie eine Ihrer Kommunen" in wrong.content.decode()
    response = client.post(
        url, {"lead": towns[1].ags, "title": "Gemeinsames RIS", "version": suggestion.version}
    )
    project = JointProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.title == "Gemeinsames RIS"
    stale = client.post(
        url, {"lead": towns[1].ags, "title": "Noch eins", "version": suggestion.version}
    )
    assert stale.status_code == 302
    assert JointProject.objects.count() == 1


def _render(template, **context):
    request = RequestFactory().get("/")
    request.user = context.pop("user")
    return Template(template).render(Context({"request": request, **context}))


def _many(towns, count):
    for first, second in TOPICS[:count]:
        plan(towns[0], first, planned_on=NEXT_YEAR)
        plan(towns[1], second, planned_on=NEXT_YEAR)
    recompute_all()


def test_list_and_slots_do_not_grow_queries(client, towns, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = person(municipality=towns[0])
    _login(client, user)
    url = reverse("collaboration:suggestion_list")
    _many(towns, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many(towns, len(TOPICS))
    assert SynergySuggestion.objects.filter(status="open").count() >= 5
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("bp-synergy-card") >= 5
    user.forget_roles() if hasattr(user, "forget_roles") else None
    slot = '{% include "collaboration/slots/municipality_synergies.html" %}'
    _render(slot, user=user, municipality=towns[0])  # roles cached on the user from here on
    with django_assert_max_num_queries(2):
        html = _render(slot, user=user, municipality=towns[0])
    assert "Synergien" in html
    assert html.count("bp-synergy-card") >= 5
    admin = person(role="regional_admin", region=towns[0].district.region)
    regional = '{% include "collaboration/slots/regional_synergies.html" %}'
    _render(regional, user=admin, region=towns[0].district.region)
    with django_assert_max_num_queries(2):
        html = _render(regional, user=admin, region=towns[0].district.region)
    assert "Synergien in der Region" in html


def test_slots_show_nothing_to_strangers(suggestion, towns):
    stranger = person(municipality=MunicipalityFactory())
    slot = '{% include "collaboration/slots/municipality_synergies.html" %}'
    assert "Synergien" not in _render(slot, user=stranger, municipality=towns[0])
    from django.contrib.auth.models import AnonymousUser

    assert _render(slot, user=AnonymousUser(), municipality=towns[0]).strip() == ""


def test_unknown_municipality_filter_is_404(client, towns):
    _login(client, person(municipality=towns[0]))
    assert (
        client.get(reverse("collaboration:suggestion_list") + "?kommune=99999999").status_code
        == 404
    )
    assert (
        client.get(
            reverse("collaboration:suggestion_list") + f"?kommune={towns[0].ags}"
        ).status_code
        == 200
    )


def test_the_municipality_dashboard_and_page_show_its_suggestions(client, suggestion, towns):
    cdo = person(municipality=towns[0])
    _login(client, cdo)
    for name in ("commitments:municipality_dashboard", "regions:municipality_detail"):
        html = client.get(reverse(name, kwargs={"ags": towns[0].ags})).content.decode()
        assert suggestion.title in html, name
        assert reverse("collaboration:suggestion_detail", kwargs={"uuid": suggestion.uuid}) in html
