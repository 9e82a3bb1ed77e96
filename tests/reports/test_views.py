"""Report pages: choosing a format, background builds, downloads, permissions, bad input."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.reports import services
from blaupause.reports.models import ReportBuild
from tests.factories.accounts import UserFactory
from tests.factories.reports import ReportBuildFactory
from tests.factories.strategies import StrategyFactory

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def _strategy_url(world):
    return reverse("reports:strategy_report", kwargs={"slug": world.strategy.slug})


def test_report_page_offers_formats_and_shows_charts_with_tables(client, world):
    response = client.get(_strategy_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Strategiebericht: Rahmenstrategie Beispiel" in html
    assert 'value="pdf"' in html
    assert 'value="docx"' in html
    assert 'value="md"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="bp-chart' in html
    assert "Tabelle zum Diagramm: Fortschritt je Handlungsfeld" in html
    assert "Der Bericht enthält nur öffentliche Angaben." in html


def test_markdown_is_built_in_the_request(client, world):
    response = client.post(_strategy_url(world), {"format": "md"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="strategiebericht-rahmen-beispiel.md"'
    )
    assert response.content.decode().startswith("# Rahmenstrategie Beispiel")


def test_municipality_pdf_is_built_in_the_request_without_internal_data(client, world):
    url = reverse("reports:municipality_report", kwargs={"ags": world.home.ags})
    response = client.post(url, {"format": "md"})
    assert SECRET not in response.content.decode()
    response = client.post(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_large_report_is_built_in_the_background_then_downloaded(client, world):
    response = client.post(_strategy_url(world), {"format": "docx"})
    build = ReportBuild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:build_detail", kwargs={"build_uuid": build.uuid}
    )
    assert build.status == "done"
    assert build.progress == 100
    assert build.requested_by is None
    assert build.session_key

    page = client.get(response["Location"]).content.decode()
    assert "Der Bericht ist fertig." in page
    assert "strategiebericht-rahmen-beispiel.docx herunterladen" in page
    assert 'aria-live="polite"' in page
    assert "hx-trigger" not in page  # done: no more polling

    download = client.get(reverse("reports:build_download", kwargs={"build_uuid": build.uuid}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")  # a zip: DOCX


def test_queued_build_polls_with_htmx(client, world):
    user = UserFactory()
    build = ReportBuildFactory(requested_by=user, subject_key=world.strategy.slug, progress=30)
    client.force_login(user)
    url = reverse("reports:build_detail", kwargs={"build_uuid": build.uuid})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Der Bericht wartet darauf, erstellt zu werden." in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="build-status"')
    assert 'value="30"' in partial


def test_failed_build_shows_german_message_and_can_be_retried(client, world):
    user = UserFactory()
    build = ReportBuildFactory(requested_by=user, subject_key="gibt-es-nicht")
    services.report_build_run(build_uuid=str(build.uuid))
    build.refresh_from_db()
    assert build.status == "failed"
    assert "Der Bericht konnte nicht erstellt werden" in build.error
    client.force_login(user)
    page = client.get(reverse("reports:build_detail", kwargs={"build_uuid": build.uuid}))
    assert "Der Bericht konnte nicht erstellt werden" in page.content.decode()
    assert "Erneut versuchen" in page.content.decode()

    build.subject_key = world.strategy.slug
    build.save()
    client.post(reverse("reports:build_retry", kwargs={"build_uuid": build.uuid}))
    build.refresh_from_db()
    assert build.status == "done"
    assert build.error == ""


def test_unknown_format_answers_400_in_german_and_keeps_the_page(client, world):
    response = client.post(_strategy_url(world), {"format": "exe"})
    assert response.status_code == 400
    assert "Dieses Format gibt es nicht." in response.content.decode()
    assert not ReportBuild.objects.exists()


@pytest.mark.parametrize("kind", ["foreign", "unknown", "other_session"])
def test_builds_of_others_answer_404(client, world, kind):
    owner = UserFactory()
    build = ReportBuildFactory(requested_by=owner, status="done")
    if kind == "foreign":
        client.force_login(UserFactory())
        build_uuid = build.uuid
    elif kind == "unknown":
        build_uuid = uuid.uuid4()
    else:
        build_uuid = ReportBuildFactory(session_key="fremde-sitzung").uuid
    for name in ("reports:build_detail", "reports:build_download"):
        response = client.get(reverse(name, kwargs={"build_uuid": build_uuid}))
        assert response.status_code == 404
    assert "gibt es nicht" in response.content.decode()


def test_unfinished_build_cannot_be_downloaded(client, world):
    user = UserFactory()
    build = ReportBuildFactory(requested_by=user)
    client.force_login(user)
    response = client.get(reverse("reports:build_download", kwargs={"build_uuid": build.uuid}))
    assert response.status_code == 404


def test_at_most_three_builds_in_flight_per_user(client, world):
    user = UserFactory()
    for slug in ("a", "b", "c"):
        ReportBuildFactory(requested_by=user, subject_key=slug)
    client.force_login(user)
    response = client.post(_strategy_url(world), {"format": "pdf"})
    assert response.status_code == 429
    assert "Es werden schon 3 Berichte für Sie erstellt." in response.content.decode()
    assert ReportBuild.objects.count() == 3


def test_same_build_in_flight_is_reused(world):
    user = UserFactory()
    first = ReportBuildFactory(
        requested_by=user, subject_kind="strategy", subject_key="x", format="pdf"
    )
    again = services.report_build_request(
        actor=user,
        session_key="",
        subject_kind="strategy",
        subject_key="x",
        subject_label="X",
        fmt="pdf",
    )
    assert again.pk == first.pk


def test_draft_strategy_report_is_not_for_the_public(client, world):
    draft = StrategyFactory(network=world.network, status="draft", slug="entwurf")
    response = client.get(reverse("reports:strategy_report", kwargs={"slug": draft.slug}))
    assert response.status_code == 403
    response = client.get(reverse("reports:strategy_report", kwargs={"slug": "gibt-es-nicht"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "attr", "kwarg"),
    [("district_report", "district", "slug"), ("network_report", "network", "slug")],
)
def test_district_and_network_report_pages(client, world, name, attr, kwarg):
    subject = getattr(world, attr)
    response = client.get(reverse(f"reports:{name}", kwargs={kwarg: subject.slug}))
    assert response.status_code == 200
    assert f"Fortschrittsbericht: {subject.name}" in response.content.decode()
    assert "bp-chart--map" in response.content.decode()


def test_links_on_strategy_network_and_municipality_pages(client, world):
    strategy_page = client.get(world.strategy.get_absolute_url()).content.decode()
    assert _strategy_url(world) in strategy_page
    network_page = client.get(world.network.get_absolute_url()).content.decode()
    assert reverse("reports:network_report", kwargs={"slug": world.network.slug}) in network_page
    municipality_page = client.get(world.home.get_absolute_url()).content.decode()
    assert reverse("reports:municipality_report", kwargs={"ags": world.home.ags}) in (
        municipality_page
    )


def test_old_builds_and_their_files_are_purged(world):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    user = UserFactory()
    build = services.report_build_request(
        actor=user,
        session_key="",
        subject_kind="strategy",
        subject_key=world.strategy.slug,
        subject_label="X",
        fmt="md",
    )
    build.refresh_from_db()
    path = build.file.path
    fresh = ReportBuildFactory(requested_by=user, status="done")
    ReportBuild.objects.filter(pk=build.pk).update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_reports")
    assert list(ReportBuild.objects.all()) == [fresh]
    import os

    assert not os.path.exists(path)


@pytest.mark.parametrize("name", ["district_report", "network_report", "strategy_report"])
def test_report_page_queries_do_not_grow_with_members(
    client, world, name, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.commitments import CommitmentFactory
    from tests.factories.regions import MunicipalityFactory

    slug = {"district_report": world.district.slug, "network_report": world.network.slug}
    url = reverse(f"reports:{name}", kwargs={"slug": slug.get(name, world.strategy.slug)})
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for _ in range(3):
        member = MunicipalityFactory(district=world.district, with_geometry=True)
        world.network.municipalities.add(member)
        CommitmentFactory(municipality=member, measure=world.public_measure)
    cache.clear()
    with django_assert_num_queries(len(first)):
        response = client.get(url)
    assert response.status_code == 200


def test_a_build_interrupted_by_a_killed_worker_fails_and_can_be_asked_for_again(client, world):
    """A build that stays "running" (its worker died) must not block the report forever."""
    user = world.cdo
    client.force_login(user)
    stuck = ReportBuildFactory(
        requested_by=user, subject_key=world.strategy.slug, status="running", progress=30
    )
    ReportBuild.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )

    page = client.get(reverse("reports:build_detail", kwargs={"build_uuid": stuck.uuid}))
    assert "Die Erstellung wurde unterbrochen" in page.content.decode()
    stuck.refresh_from_db()
    assert stuck.status == "failed"


def _orphan(world, *, attempts: int) -> ReportBuild:
    """A build left "running" by a worker that was killed two minutes and more ago."""
    build = ReportBuildFactory(
        requested_by=world.cdo, subject_key=world.strategy.slug, status="running", progress=30
    )
    ReportBuild.objects.filter(pk=build.pk).update(
        attempts=attempts, heartbeat_at=timezone.now() - services.ORPHAN_AFTER * 2
    )
    return build


def test_a_build_whose_worker_was_killed_is_queued_again_and_finishes(client, world):
    orphan = _orphan(world, attempts=1)
    client.force_login(world.cdo)

    page = client.get(reverse("reports:build_detail", kwargs={"build_uuid": orphan.uuid}))

    orphan.refresh_from_db()
    assert orphan.status == "done"  # the tests run tasks right away
    assert orphan.attempts == 2
    assert "Der Bericht ist fertig." in page.content.decode()


def test_a_running_build_with_a_fresh_heartbeat_is_left_alone(world):
    build = ReportBuildFactory(requested_by=world.cdo, status="running", progress=30)
    ReportBuild.objects.filter(pk=build.pk).update(attempts=1, heartbeat_at=timezone.now())

    assert services.report_builds_recover() == 0
    build.refresh_from_db()
    assert (build.status, build.attempts) == ("running", 1)


def test_a_build_interrupted_too_often_fails_with_a_german_message(client, world):
    orphan = _orphan(world, attempts=services.MAX_ATTEMPTS)
    client.force_login(world.cdo)

    page = client.get(reverse("reports:build_detail", kwargs={"build_uuid": orphan.uuid}))

    orphan.refresh_from_db()
    assert orphan.status == "failed"
    assert "Die Erstellung wurde mehrmals unterbrochen" in page.content.decode()
