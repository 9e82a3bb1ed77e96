"""Pages: what visitors and editors see, HTMX rows, bad input, conflicts, 403/404."""

import re
import uuid

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.commitments.models import Commitment, IndicatorValue
from tests.commitments.helpers import grow
from tests.factories.commitments import CommitmentFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def dashboard(world, municipality=None):
    municipality = municipality or world.home
    return reverse("commitments:municipality_dashboard", kwargs={"ags": municipality.ags})


def bulk(world, municipality=None):
    municipality = municipality or world.home
    return reverse("commitments:bulk_edit", kwargs={"ags": municipality.ags})


def row_url(world, measure, municipality=None):
    municipality = municipality or world.home
    return reverse(
        "commitments:bulk_row", kwargs={"ags": municipality.ags, "measure_uuid": measure.uuid}
    )


def edit_url(world, measure, municipality=None):
    municipality = municipality or world.home
    return reverse(
        "commitments:commitment_edit",
        kwargs={"ags": municipality.ags, "measure_uuid": measure.uuid},
    )


def network_url(world):
    return reverse("commitments:network_dashboard", kwargs={"slug": world.network.slug})


def row_data(measure, version=None, **values):
    prefix = f"m{measure.pk}-"
    data = {
        "role": "partner",
        "status": "in_progress",
        "progress": "30",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        **values,
    }
    if version is not None:
        data["version"] = str(version)
    return {prefix + name: value for name, value in data.items()}


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def some(world):
    return {
        "home_m1": CommitmentFactory(
            municipality=world.home, measure=world.m1, status="done", is_demo=True
        ),
        "home_m3": CommitmentFactory(
            municipality=world.home, measure=world.m3, progress=20, is_public=False
        ),
        "peer_m2": CommitmentFactory(municipality=world.peer, measure=world.m2, progress=60),
    }


# --- public pages ------------------------------------------------------------------------------


def test_municipality_dashboard_for_the_public(client, world, some):
    response = client.get(dashboard(world))
    assert response.status_code == 200
    body = text(response)
    assert f"Fortschritt: {world.home.name}" in body
    assert "Austausch" in body
    assert "Serviceportal" not in body  # internal
    assert "Beispieldaten" in body  # a demo row is shown
    assert "Was andere schon tun" in body
    assert "Roadmap" in body  # the peer does m2
    assert "Maßnahmen bearbeiten" not in body


def test_municipality_dashboard_for_its_cdo_shows_internal_and_edit_link(
    client, world, some, people
):
    client.force_login(people["cdo"])
    body = text(client.get(dashboard(world)))
    assert "Serviceportal" in body
    assert "intern" in body
    assert reverse("commitments:bulk_edit", kwargs={"ags": world.home.ags}) in body


def test_no_demo_label_without_demo_rows(client, world):
    CommitmentFactory(municipality=world.home, measure=world.m1)
    assert "Beispieldaten" not in text(client.get(dashboard(world)))


def test_unknown_municipality_is_404(client, world):
    assert client.get("/kommunen/99999999/fortschritt/").status_code == 404
    assert client.get("/kommunen/99999999/massnahmen/").status_code in (302, 404)


@pytest.mark.parametrize(
    "query",
    [
        "?handlungsfeld=kaputt&status=xyz",
        "?handlungsfeld=00000000-0000-0000-0000-000000000000",
        "?status=done&handlungsfeld=",
        "?seite=-1&kommune=%00&kreis=<script>",
    ],
)
def test_bad_filters_never_break_the_pages(client, world, some, query):
    assert client.get(dashboard(world) + query).status_code == 200
    assert client.get(network_url(world) + query).status_code == 200


def test_municipality_dashboard_filters_by_status(client, world, some, people):
    client.force_login(people["cdo"])
    body = text(client.get(dashboard(world) + "?status=done"))
    assert "Austausch" in body
    assert "Serviceportal" not in body


def test_network_dashboard_shows_rollups(client, world, some):
    response = client.get(network_url(world))
    assert response.status_code == 200
    body = text(response)
    assert "1 von 3 Kommunen beteiligt, 1 umgesetzt" in body  # m1
    assert "Zusammenarbeit" in body
    assert "Beispieldaten" in body
    assert 'class="bp-map"' in body
    page = response.context["page"]
    assert page.rollup.total.committed == 2
    assert [row.municipality.name for row in page.members] == sorted(
        [world.home.name, world.peer.name, world.third.name]
    )


def test_network_dashboard_filters_by_municipality_and_field(client, world, some):
    response = client.get(
        network_url(world) + f"?kommune={world.peer.ags}&handlungsfeld={world.field_a.uuid}"
    )
    page = response.context["page"]
    assert page.rollup.total.municipality_count == 1
    assert [row.municipality.name for row in page.members] == [world.peer.name]
    assert [row.measure.key for row in page.measures] == ["A-M01", "A-M02"]
    assert [c.measure.key for c in response.context["commitment_page"]] == ["A-M02"]


def test_network_without_strategy(client, world):
    from tests.factories.regions import NetworkFactory

    network = NetworkFactory()
    response = client.get(reverse("commitments:network_dashboard", kwargs={"slug": network.slug}))
    assert response.status_code == 200
    assert "noch keine Strategie" in text(response)


def test_unknown_network_is_404(client, world):
    assert client.get("/netzwerke/gibt-es-nicht/fortschritt/").status_code == 404


# --- access to the editors ---------------------------------------------------------------------


def test_editors_send_anonymous_visitors_to_the_login(client, world):
    response = client.get(bulk(world))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("role", ["contributor", "cdo_other", "coordinator"])
def test_editors_are_forbidden_for_other_roles(client, world, people, role):
    client.force_login(people[role])
    assert client.get(bulk(world)).status_code == 403
    assert client.get(edit_url(world, world.m1)).status_code == 403
    response = client.post(row_url(world, world.m1), row_data(world.m1))
    assert response.status_code == 403
    assert "Digitalverantwortlichen" in text(response)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("role", ["cdo", "regional_admin"])
def test_bulk_editor_lists_every_measure_of_the_network_strategies(client, world, people, role):
    client.force_login(people[role])
    response = client.get(bulk(world))
    assert response.status_code == 200
    body = text(response)
    for measure in (world.m1, world.m2, world.m3):
        assert f'id="zeile-{measure.uuid}"' in body
    assert world.foreign_measure.title not in body
    assert 'hx-post="' in body


def test_unknown_or_foreign_measure_is_404(client, world, people):
    client.force_login(people["cdo"])
    url = reverse(
        "commitments:bulk_row", kwargs={"ags": world.home.ags, "measure_uuid": uuid.uuid4()}
    )
    assert client.post(url, {}).status_code == 404
    assert client.post(row_url(world, world.foreign_measure), {}).status_code == 404
    assert client.get(edit_url(world, world.foreign_measure)).status_code == 404


# --- bulk rows ---------------------------------------------------------------------------------


def test_row_without_javascript_creates_and_returns_to_the_row(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(row_url(world, world.m2), row_data(world.m2, progress="35"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#zeile-{world.m2.uuid}")
    commitment = Commitment.objects.get(municipality=world.home, measure=world.m2)
    assert (commitment.status, commitment.progress) == ("in_progress", 35)
    follow = client.get(response["Location"])
    assert "Gespeichert: A-M02" in text(follow)


def test_row_with_htmx_returns_the_row(client, world, people, some):
    client.force_login(people["cdo"])
    version = some["home_m3"].version
    response = client.post(
        row_url(world, world.m3),
        row_data(world.m3, version=version, status="done", progress="10"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith('<li class="bp-bulk-row')
    assert "<html" not in body
    assert "Gespeichert: B-M01 – umgesetzt, 100 %." in body
    assert 'hx-swap-oob="innerHTML"' in body
    stored = Commitment.objects.get(pk=some["home_m3"].pk)
    assert (stored.status, stored.progress, stored.version) == ("done", 100, version + 1)


def test_row_with_bad_input_shows_german_errors_and_keeps_the_input(client, world, people):
    client.force_login(people["cdo"])
    data = row_data(world.m1, progress="150", start_date="2026-05-01", end_date="2026-04-01")
    response = client.post(row_url(world, world.m1), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = text(response)
    assert "Der Fortschritt muss zwischen 0 und 100 Prozent liegen." in body
    assert "Das Ende darf nicht vor dem Beginn liegen." in body
    assert 'value="150"' in body
    assert 'value="2026-04-01"' in body
    assert not Commitment.objects.exists()
    # Without JavaScript: the whole page, the same errors, the same input.
    response = client.post(row_url(world, world.m1), data)
    assert response.status_code == 200
    assert "Der Fortschritt muss zwischen 0 und 100 Prozent liegen." in text(response)
    assert 'value="150"' in text(response)


def test_row_conflict_shows_the_stored_values_and_keeps_the_input(client, world, people, some):
    commitment = some["home_m3"]
    Commitment.objects.filter(pk=commitment.pk).update(progress=80, version=5)
    client.force_login(people["cdo"])
    response = client.post(
        row_url(world, world.m3),
        row_data(world.m3, version=commitment.version, progress="25"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = text(response)
    assert "Jemand anderes hat diese Beteiligung inzwischen geändert." in body
    assert "Gespeichert ist jetzt: in Umsetzung, beteiligt, 80 %." in body
    assert 'value="25"' in body
    assert f'name="m{world.m3.pk}-version" value="5"' in body
    assert Commitment.objects.get(pk=commitment.pk).progress == 80
    # Saving again is a conscious decision and goes through.
    response = client.post(
        row_url(world, world.m3),
        row_data(world.m3, version=5, progress="25"),
        HTTP_HX_REQUEST="true",
    )
    assert Commitment.objects.get(pk=commitment.pk).progress == 25


def test_row_conflict_without_javascript_is_409(client, world, people, some):
    commitment = some["home_m3"]
    Commitment.objects.filter(pk=commitment.pk).update(version=3)
    client.force_login(people["cdo"])
    response = client.post(row_url(world, world.m3), row_data(world.m3, version=1))
    assert response.status_code == 409
    assert "Jemand anderes hat diese Beteiligung inzwischen geändert." in text(response)


def test_row_without_status_creates_nothing(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(
        row_url(world, world.m1), row_data(world.m1, status=""), HTTP_HX_REQUEST="true"
    )
    assert "nichts gespeichert" in text(response)
    assert not Commitment.objects.exists()


def test_row_get_leads_back_to_the_editor(client, world, people):
    client.force_login(people["cdo"])
    response = client.get(row_url(world, world.m1))
    assert response.status_code == 302


def test_bulk_editor_filters(client, world, people, some):
    client.force_login(people["cdo"])
    body = text(client.get(bulk(world) + "?status=none"))
    assert f'id="zeile-{world.m2.uuid}"' in body
    assert f'id="zeile-{world.m1.uuid}"' not in body
    body = text(client.get(bulk(world) + f"?handlungsfeld={world.field_b.uuid}"))
    assert f'id="zeile-{world.m3.uuid}"' in body
    assert f'id="zeile-{world.m1.uuid}"' not in body


# --- full form ---------------------------------------------------------------------------------


def form_data(version=None, **values):
    data = {
        "status": "in_progress",
        "role": "lead",
        "progress": "40",
        "start_date": "2025-02-01",
        "end_date": "2027-01-31",
        "responsible_person": "Stabsstelle Digitalisierung",
        "evidence": "https://example.org/ratsbeschluss",
        "note": "",
        "is_public": "on",
        "next": "/",
    }
    if version is not None:
        data["version"] = str(version)
    return {**data, **values}


def test_full_form_creates_with_evidence(client, world, people):
    client.force_login(people["cdo"])
    assert client.get(edit_url(world, world.m1)).status_code == 200
    response = client.post(edit_url(world, world.m1), form_data())
    assert response.status_code == 302
    stored = Commitment.objects.get(municipality=world.home, measure=world.m1)
    assert stored.evidence == "https://example.org/ratsbeschluss"
    assert stored.role == "lead"


def test_full_form_rejects_a_foreign_next_url(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(edit_url(world, world.m1), form_data(next="https://evil.example/"))
    assert response["Location"].startswith(bulk(world))


def test_full_form_errors_in_german_with_input_kept(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(
        edit_url(world, world.m1),
        form_data(progress="abc", end_date="2020-01-01", responsible_person="Frau Beispiel"),
    )
    assert response.status_code == 200
    body = text(response)
    assert "Der Fortschritt muss eine ganze Zahl von 0 bis 100 sein." in body
    assert "Das Ende darf nicht vor dem Beginn liegen." in body
    assert 'value="Frau Beispiel"' in body
    assert not Commitment.objects.exists()


def test_full_form_conflict_shows_both_versions(client, world, people, some):
    commitment = some["home_m3"]
    Commitment.objects.filter(pk=commitment.pk).update(responsible_person="Herr Anders", version=4)
    client.force_login(people["cdo"])
    response = client.post(
        edit_url(world, world.m3), form_data(version=1, responsible_person="Frau Beispiel")
    )
    assert response.status_code == 409
    body = text(response)
    assert "Herr Anders" in body
    assert "Frau Beispiel" in body
    assert Commitment.objects.get(pk=commitment.pk).responsible_person == "Herr Anders"


def test_indicator_value_on_the_full_form(client, world, people, some):
    indicator = IndicatorFactory(measure=world.m1, name="Teilnehmende Kommunen")
    client.force_login(people["cdo"])
    url = edit_url(world, world.m1)
    assert "Teilnehmende Kommunen" in text(client.get(url))
    response = client.post(
        url,
        {
            "form": "kennzahl",
            "kennzahl-indicator": str(indicator.uuid),
            "kennzahl-recorded_on": "2026-03-31",
            "kennzahl-value": "12,5",
            "kennzahl-note": "",
        },
    )
    assert response.status_code == 302
    assert str(IndicatorValue.objects.get().value) == "12.50"
    response = client.post(
        url,
        {
            "form": "kennzahl",
            "kennzahl-indicator": str(indicator.uuid),
            "kennzahl-recorded_on": "2999-01-01",
            "kennzahl-value": "viel",
        },
    )
    body = text(response)
    assert "Der Stichtag darf nicht in der Zukunft liegen." in body
    assert "Bitte geben Sie eine Zahl ein" in body
    assert IndicatorValue.objects.count() == 1


def test_delete_asks_then_removes(client, world, people, some):
    client.force_login(people["cdo"])
    url = reverse(
        "commitments:commitment_delete",
        kwargs={"ags": world.home.ags, "measure_uuid": world.m1.uuid},
    )
    assert "Beteiligung entfernen" in text(client.get(url))
    response = client.post(url, {"version": str(some["home_m1"].version)})
    assert response.status_code == 302
    assert not Commitment.objects.filter(pk=some["home_m1"].pk).exists()


def test_delete_of_a_changed_commitment_is_409(client, world, people, some):
    Commitment.objects.filter(pk=some["home_m1"].pk).update(version=9)
    client.force_login(people["cdo"])
    url = reverse(
        "commitments:commitment_delete",
        kwargs={"ags": world.home.ags, "measure_uuid": world.m1.uuid},
    )
    assert client.post(url, {"version": "1"}).status_code == 409
    assert Commitment.objects.filter(pk=some["home_m1"].pk).exists()


# --- query-count guards (style.md R11) ---------------------------------------------------------


def assert_same_queries(client, django_assert_num_queries, url, expected, world):
    cache.clear()
    client.get(url)  # the map shapes are cached after the first view
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(world)
    cache.clear()
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert response.status_code == 200
    return response


def test_municipality_dashboard_queries(client, world, some, django_assert_num_queries):
    # municipality, commitments, measure count, peers
    response = assert_same_queries(client, django_assert_num_queries, dashboard(world), 4, world)
    assert response.context["progress"].commitment_count == 1


def test_bulk_editor_queries(client, world, some, people, django_assert_num_queries):
    client.force_login(people["cdo"])
    # session, user, roles, municipality, measures, commitments
    response = assert_same_queries(client, django_assert_num_queries, bulk(world), 7, world)
    assert response.context["total"] == 33


def test_network_dashboard_queries(client, world, some, django_assert_num_queries):
    # Once its tables are cached: network, strategies, members, measures, the commitments' count
    # and last change (the cache key), page count and rows.
    response = assert_same_queries(client, django_assert_num_queries, network_url(world), 7, world)
    assert len(response.context["page"].members) == 33


def total_done(response) -> str:
    """The "Beteiligungen umgesetzt" figure of a network dashboard, e.g. "1 / 2"."""
    found = re.search(
        r"Beteiligungen umgesetzt</dt><dd><span class=\"bp-stat\">([^<]+)<", text(response)
    )
    return found.group(1)


def test_network_dashboard_tables_follow_every_change(
    client, world, some, django_assert_num_queries
):
    url = network_url(world)
    assert total_done(client.get(url)) == "1 / 2"  # home_m1 done; peer_m2; home_m3 is internal
    peer_m2 = some["peer_m2"]
    peer_m2.status = "done"
    peer_m2.save()
    # The tables again: the roll-up's cache key, the roll-up (6) and the members' roll-ups (2)
    # on top of the seven.
    with django_assert_num_queries(16):
        response = client.get(url)
    assert total_done(response) == "2 / 2"
    with django_assert_num_queries(7):
        assert total_done(client.get(url)) == "2 / 2"
    peer_m2.deleted_at = timezone.now()
    peer_m2.save()
    assert total_done(client.get(url)) == "1 / 1"
    CommitmentFactory(municipality=world.third, measure=world.m2)
    assert total_done(client.get(url)) == "1 / 2"
    world.m2.title = "Fahrplan"
    world.m2.save()
    assert "Fahrplan" in text(client.get(url))
    world.network.municipalities.remove(world.third)
    assert total_done(client.get(url)) == "1 / 1"
    assert world.third.name not in text(client.get(url))


def test_network_dashboard_tables_are_cached_per_viewer_and_language(client, world, some, people):
    url = network_url(world)
    client.force_login(people["cdo"])
    assert total_done(client.get(url)) == "1 / 3"  # with the home's internal commitment
    client.logout()
    assert total_done(client.get(url)) == "1 / 2"
    english = text(client.get(url, headers={"accept-language": "en"}))
    assert "Nach Handlungsfeld" not in english
    assert "By field of action" in english
    client.force_login(people["cdo_other"])
    assert total_done(client.get(url)) == "1 / 2"


# --- every page: one h1, headings in order, labelled fields, nothing against the CSP -----------


def test_every_page_is_well_formed(client, world, some, people):
    from tests.accounts.helpers import assert_accessible_page

    IndicatorFactory(measure=world.m1)
    public = [dashboard(world), network_url(world)]
    for url in public:
        assert_accessible_page(client.get(url))
    client.force_login(people["cdo"])
    delete = reverse(
        "commitments:commitment_delete",
        kwargs={"ags": world.home.ags, "measure_uuid": world.m1.uuid},
    )
    for url in [*public, bulk(world), edit_url(world, world.m1), edit_url(world, world.m2), delete]:
        assert_accessible_page(client.get(url))
    # Pages with errors and conflicts too.
    assert_accessible_page(client.post(row_url(world, world.m1), row_data(world.m1, progress="x")))
    assert_accessible_page(client.post(edit_url(world, world.m3), form_data(version=99)))


def test_district_and_region_components_render(world, some):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from blaupause.commitments import selectors

    anonymous = AnonymousUser()
    district = selectors.district_rollup(district=world.district, viewer=anonymous)
    html = render_to_string(
        "commitments/components/district_rollup.html",
        {"area": district, "name": world.district.name},
    )
    assert f"Fortschritt der Kommunen in {world.district.name}" in html
    assert f"/kommunen/{world.home.ags}/fortschritt/" in html
    assert "Beispieldaten" in html  # the home's demo commitment is public
    region = selectors.region_rollup(region=world.region, viewer=anonymous)
    html = render_to_string(
        "commitments/components/region_rollup.html", {"area": region, "name": "OWL"}
    )
    assert world.district.name in html
    assert "2 / 4" in html  # home and peer of four municipalities
