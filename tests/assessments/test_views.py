from django.urls import reverse

import pytest

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Answer, Assessment
from tests.factories.assessments import AssessmentFactory, submitted_assessment
from tests.factories.regions import MunicipalityFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

CODES = [f"{f}{n}" for f in "ABCD" for n in range(1, 7)]
# who sees the municipality's self-check pages: members and the regional admin
VIEW = {
    "anonymous": 302,
    "contributor": 200,
    "cdo": 200,
    "cdo_other": 403,
    "coordinator": 403,
    "regional_admin": 200,
}


def _url(name, world, year=None):
    kwargs = {"ags": world.home.ags}
    if year:
        kwargs["year"] = year
    return reverse(f"assessments:{name}", kwargs=kwargs)


def _post_data(assessment=None, **levels):
    data = {"version": assessment.version if assessment else ""}
    for code in CODES:
        current, target = levels.get(code, (None, None))
        data[f"{code}_current"] = "" if current is None else current
        data[f"{code}_target"] = "" if target is None else target
        data[f"{code}_note"] = ""
        data[f"{code}_evidence"] = ""
    return data


@pytest.mark.parametrize(("role", "status"), VIEW.items())
def test_who_sees_the_results(client, world, people, role, status):
    submitted_assessment(world.home)
    response = client_for(client, people[role]).get(_url("results", world, 2026))
    assert response.status_code == status
    if status == 200:
        assert "Ergebnis Selbstcheck 2026" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), VIEW.items())
def test_who_sees_the_overview(client, world, people, role, status):
    response = client_for(client, people[role]).get(_url("overview", world))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "saved"),
    [("contributor", False), ("cdo", True), ("cdo_other", False), ("regional_admin", True)],
)
def test_who_may_post_the_form(client, world, people, role, saved):
    response = client_for(client, people[role]).post(
        _url("form", world, 2026), {**_post_data(A1=(1, 2)), "action": "save"}
    )
    assert response.status_code == (302 if saved else 403)
    assert Answer.objects.filter(criterion__code="A1").exists() is saved


def test_cdo_starts_saves_a_draft_and_submits(client, world, people):
    client.force_login(people["cdo"])
    response = client.post(_url("overview", world), {"year": "2026"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(municipality=world.home, year=2026)
    page = client.get(_url("form", world, 2026)).content.decode()
    assert page.count("<fieldset") == 4 + 24
    assert "IKZ &amp; Beteiligung" in page

    response = client.post(
        _url("form", world, 2026), {**_post_data(assessment, A1=(2, 3)), "action": "save"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    page = client.get(_url("form", world, 2026)).content.decode()
    assert '<option value="2" selected>' in page

    levels = {code: (1, 3) for code in CODES}
    response = client.post(
        _url("form", world, 2026), {**_post_data(assessment, **levels), "action": "submit"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("results", world, 2026)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == people["cdo"]


def test_bad_input_keeps_the_entries_and_saves_nothing(client, world, people):
    client.force_login(people["cdo"])
    assessment = AssessmentFactory(municipality=world.home)
    data = {**_post_data(assessment, A1=(2, 3)), "action": "submit", "A2_current": "7"}
    data["B1_note"] = "Wir prüfen das."
    response = client.post(_url("form", world, 2026), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte wählen Sie eine Stufe von 0 bis 4." in page
    assert "Es wurde nichts gespeichert." in page
    assert "Wir prüfen das." in page
    assert '<option value="2" selected>' in page
    assert not Answer.objects.exists()

    data["A2_current"] = "2"
    response = client.post(_url("form", world, 2026), data)
    assert response.status_code == 400
    assert "Bitte wählen Sie die heutige Stufe, um abzuschließen." in response.content.decode()
    assert not Answer.objects.exists()


def test_garbage_never_gives_a_500(client, world, people):
    client.force_login(people["cdo"])
    url = _url("form", world, 2026)
    assert client.post(url, {"version": "abc", "action": "x", "A1_current": "<b>"}).status_code in (
        302,
        400,
    )
    assert client.get(_url("form", world, 1)).status_code == 404
    assert client.get(_url("results", world, 2030)).status_code == 404
    assert client.get("/kommunen/00000000/selbstcheck/").status_code == 404


def test_conflict_is_shown_and_nothing_overwritten(client, world, people):
    assessment = AssessmentFactory(municipality=world.home)
    client.force_login(people["cdo"])
    stale = _post_data(assessment, A1=(1, 2))
    client.post(_url("form", world, 2026), {**_post_data(assessment, A1=(3, 4)), "action": "save"})
    response = client.post(_url("form", world, 2026), {**stale, "action": "save"})
    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    assert Answer.objects.get().current == 3


def test_page_says_too_few_for_four_and_shows_the_median_for_five(client, world, people):
    submitted_assessment(world.home, current=1, target=2)
    for _ in range(3):
        submitted_assessment(MunicipalityFactory(district=world.district), current=3, target=4)
    client.force_login(people["cdo"])
    page = client.get(_url("results", world, 2026)).content.decode()
    assert page.count("zu wenige Teilnehmende") == 4  # district, size class, network, region

    submitted_assessment(world.peer, current=2, target=3)
    page = client.get(_url("results", world, 2026)).content.decode()
    assert "Kreis: " in page
    assert '3,0 <span class="bp-muted">(2,0–3,0)</span>' in page
    # the other municipalities' names and their own answers never appear
    assert "Nachbardorf" not in page


def test_demo_data_is_labelled(client, world, people):
    submitted_assessment(world.home, is_demo=True)
    client.force_login(people["cdo"])
    assert "Beispieldaten" in client.get(_url("results", world, 2026)).content.decode()
    assert "Beispieldaten" in client.get(_url("overview", world)).content.decode()


def test_results_queries_do_not_grow_with_rows(client, world, people):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    own = submitted_assessment(world.home)
    client.force_login(people["cdo"])
    url = _url("results", world, 2026)
    client.get(url)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        municipality = MunicipalityFactory(district=world.district)
        world.network.municipalities.add(municipality)
        submitted_assessment(municipality)
    submitted_assessment(world.home, year=2025)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert own.pk == response.context["assessment"].pk
    assert response.context["result"].benchmarks[0].count == 7


def test_overview_counts_answers_per_year(client, world, people):
    submitted_assessment(world.home, year=2025)
    draft = AssessmentFactory(municipality=world.home, year=2026)
    Answer.objects.create(
        assessment=draft, criterion=world.criteria_set.criteria.get(code="A1"), current=1, target=2
    )
    client.force_login(people["cdo"])
    rows = {
        a.year: (a.answered, a.criteria_count)
        for a in client.get(_url("overview", world)).context["assessments"]
    }
    assert rows == {2025: (24, 24), 2026: (1, 24)}


def test_cdo_posting_for_another_municipality_gets_a_german_message_and_nothing_is_saved(
    client, world, people
):
    client.force_login(people["cdo_other"])
    response = client.post(_url("form", world, 2026), {**_post_data(A1=(1, 2)), "action": "submit"})
    assert response.status_code == 403
    assert "nur die Mitglieder der Kommune und die Regionaladministration" in (
        response.content.decode()
    )
    assert not Assessment.objects.filter(municipality=world.home).exists()
    assert not Answer.objects.exists()
