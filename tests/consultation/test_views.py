import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.consultation.constants import Outcome, Section
from blaupause.consultation.models import Comment, Consultation
from blaupause.strategies.constants import StrategyStatus
from tests.factories.consultation import (
    CommentFactory,
    CommentReportFactory,
    ConsultationFactory,
)
from tests.factories.strategies import GoalFactory, MeasureFactory, StrategyFactory, ValueFactory

pytestmark = pytest.mark.django_db


def _page(strategy):
    return reverse("consultation:page", kwargs={"slug": strategy.slug})


def _post_comment(client, world, text, **extra):
    data = {"section": Section.MEASURE, "target": str(world.measure.uuid), "text": text, **extra}
    return client.post(
        reverse("consultation:comment_create", kwargs={"slug": world.strategy.slug}), data
    )


def test_anonymous_reads_but_sees_no_form(client, world):
    CommentFactory(consultation=world.consultation, text="Öffentlicher Hinweis.")
    response = client.get(_page(world.strategy))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Öffentlicher Hinweis." in body
    assert "Regelmäßiger Austausch" in body
    assert "Kommentar abschicken" not in body
    assert "Kommentieren können die Mitglieder" in body


@pytest.mark.parametrize("who", ["cdo", "contributor", "coordinator", "regional_admin"])
def test_members_see_labelled_form_and_can_comment(client, world, who):
    client.force_login(getattr(world, who))
    body = client.get(_page(world.strategy)).content.decode()
    assert "Kommentar abschicken" in body
    assert 'for="id_massnahme-A-M01_text"' in body
    response = _post_comment(client, world, "Bitte mit Zeitplan.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{Comment.objects.get().anchor}")
    assert "Bitte mit Zeitplan." in client.get(_page(world.strategy)).content.decode()


def test_outsider_cdo_gets_403_and_no_form(client, world):
    client.force_login(world.outsider)
    body = client.get(_page(world.strategy)).content.decode()
    assert "Kommentar abschicken" not in body
    assert "Kommentieren können nur die Mitglieder" in body
    assert _post_comment(client, world, "Von außen.").status_code == 403
    reply_url = reverse(
        "consultation:reply",
        kwargs={
            "slug": world.strategy.slug,
            "uuid": CommentFactory(consultation=world.consultation).uuid,
        },
    )
    assert client.post(reply_url, {"text": "Hallo"}).status_code == 403
    assert not Comment.objects.filter(author=world.outsider).exists()


def test_anonymous_post_goes_to_login(client, world):
    response = _post_comment(client, world, "Anonym.")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Bitte schreiben Sie Ihren Kommentar."), ("ä" * 10_000, "Höchstens 5.000 Zeichen")],
)
def test_bad_comment_keeps_input_with_german_error(client, world, text, message):
    client.force_login(world.cdo)
    response = _post_comment(client, world, text)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert text[:50] in body
    assert not Comment.objects.exists()


def test_comment_after_end_shows_message(client, world):
    Consultation.objects.filter(pk=world.consultation.pk).update(
        ends_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(world.cdo)
    response = _post_comment(client, world, "Zu spät, aber wichtig.")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Die Konsultation ist beendet." in body
    assert "Zu spät, aber wichtig." in body


def test_reply_to_hidden_comment_is_refused(client, world):
    comment = CommentFactory(
        consultation=world.consultation, hidden_at=timezone.now(), hidden_reason="Werbung"
    )
    client.force_login(world.cdo)
    url = reverse("consultation:reply", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid})
    response = client.post(url, {"text": "Antwort"})
    assert response.status_code == 400
    assert "ausgeblendeten Beitrag" in response.content.decode()
    assert "Beitrag ausgeblendet: Werbung" in response.content.decode()


def test_report_twice_shows_message(client, world):
    comment = CommentFactory(consultation=world.consultation, author=world.contributor)
    CommentReportFactory(comment=comment, reporter=world.cdo)
    client.force_login(world.cdo)
    url = reverse(
        "consultation:report_comment", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid}
    )
    response = client.post(url, {"reason": "Immer noch unsachlich"})
    assert response.status_code == 400
    assert "Sie haben diesen Beitrag bereits gemeldet." in response.content.decode()


def test_outcome_with_reply_and_conflict(client, world):
    comment = CommentFactory(
        consultation=world.consultation, measure=world.measure, section="measure"
    )
    url = reverse(
        "consultation:outcome", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid}
    )
    client.force_login(world.cdo)
    assert (
        client.post(url, {"outcome": "adopted", "outcome_reply": "x", "version": 1}).status_code
        == 403
    )
    client.force_login(world.coordinator)
    response = client.post(
        url, {"outcome": "adopted", "outcome_reply": "Wir übernehmen das.", "version": 1}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"outcome": "rejected", "outcome_reply": "Doch nicht.", "version": 1}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Jemand anderes hat inzwischen ein Ergebnis festgehalten." in body
    assert "Wir übernehmen das." in body
    assert "Doch nicht." in body
    comment.refresh_from_db()
    assert comment.outcome == Outcome.ADOPTED


def test_hide_shows_reason_only(client, world):
    comment = CommentFactory(consultation=world.consultation, text="Geheimer Werbetext")
    client.force_login(world.coordinator)
    url = reverse("consultation:hide", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid})
    assert client.post(url, {"hidden_reason": ""}).status_code == 400
    assert client.post(url, {"hidden_reason": "Werbung"}).status_code == 302
    client.logout()
    body = client.get(_page(world.strategy)).content.decode()
    assert "Beitrag ausgeblendet: Werbung" in body
    assert "Geheimer Werbetext" not in body


def test_moderation_queue(client, world):
    comment = CommentFactory(consultation=world.consultation, text="Gemeldeter Text")
    CommentReportFactory(comment=comment, reason="Beleidigung")
    url = reverse("consultation:moderation", kwargs={"slug": world.strategy.slug})
    assert client.get(url).status_code == 302
    client.force_login(world.cdo)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    body = client.get(url).content.decode()
    assert "Gemeldeter Text" in body
    assert "Beleidigung" in body
    hide = reverse("consultation:hide", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid})
    response = client.post(hide, {"hidden_reason": "Beleidigung", "from": "meldungen"})
    assert response.status_code == 302
    assert response["Location"] == url
    restore = reverse(
        "consultation:restore", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid}
    )
    client.post(restore, {"from": "meldungen"})
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_draft_strategy_comments_are_404_for_others(client, world):
    strategy = StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    ConsultationFactory(strategy=strategy)
    url = _page(strategy)
    assert client.get(url).status_code == 404
    client.force_login(world.cdo)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_open_form_on_strategy_page_and_errors(client, world):
    strategy = StrategyFactory(network=world.network, status=StrategyStatus.DRAFT)
    client.force_login(world.coordinator)
    body = client.get(strategy.get_absolute_url()).content.decode()
    assert "Konsultation eröffnen" in body
    url = reverse("consultation:open", kwargs={"slug": strategy.slug})
    response = client.post(url, {"ends_on": "2020-01-01", "intro": "Meine Einführung"})
    assert response.status_code == 400
    assert "Das Ende der Konsultation muss in der Zukunft liegen." in response.content.decode()
    assert "Meine Einführung" in response.content.decode()
    assert client.post(url, {"ends_on": "kein Datum"}).status_code == 400
    ends = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    assert client.post(url, {"ends_on": ends}).status_code == 302
    body = client.get(strategy.get_absolute_url()).content.decode()
    assert "Konsultation läuft bis" in body
    assert "Jetzt kommentieren" in body
    client.force_login(world.cdo)
    assert client.post(url, {"ends_on": ends}).status_code == 403


def test_strategy_slot_after_end_and_close(client, world):
    client.force_login(world.coordinator)
    close = reverse("consultation:close", kwargs={"slug": world.strategy.slug})
    assert client.post(close).status_code == 302
    body = client.get(world.strategy.get_absolute_url()).content.decode()
    assert "Konsultation beendet" in body
    assert "Bericht" in body


def test_measure_slot_counts_comments(client, world):
    CommentFactory.create_batch(
        2, consultation=world.consultation, section="measure", measure=world.measure
    )
    body = client.get(world.measure.get_absolute_url()).content.decode()
    assert "2 Kommentare in der Konsultation" in body
    assert "konsultation/#massnahme-A-M01" in body


def test_filters(client, world):
    CommentFactory(consultation=world.consultation, text="Offener Punkt")
    CommentFactory(
        consultation=world.consultation,
        text="Erledigter Punkt",
        section="measure",
        measure=world.measure,
        outcome="adopted",
    )
    body = client.get(_page(world.strategy), {"ergebnis": "adopted"}).content.decode()
    assert "Erledigter Punkt" in body
    assert "Offener Punkt" not in body
    body = client.get(_page(world.strategy), {"abschnitt": "vision"}).content.decode()
    assert "Offener Punkt" in body
    assert "Erledigter Punkt" not in body
    assert client.get(_page(world.strategy), {"ergebnis": "quatsch"}).status_code == 200


def test_report_page_markdown_pdf(client, world):
    CommentFactory(
        consultation=world.consultation,
        section="measure",
        measure=world.measure,
        text="Mehr Tempo bitte",
        outcome="considered",
        outcome_reply="Wir prüfen das.",
    )
    base = reverse("consultation:report", kwargs={"slug": world.strategy.slug})
    body = client.get(base).content.decode()
    assert "Konsultationsbericht" in body
    assert "Mehr Tempo bitte" in body
    assert "berücksichtigt" in body
    assert "Wir prüfen das." in body
    md = client.get(reverse("consultation:report_markdown", kwargs={"slug": world.strategy.slug}))
    assert md.status_code == 200
    assert "Mehr Tempo bitte" in md.content.decode()
    pdf = client.get(reverse("consultation:report_pdf", kwargs={"slug": world.strategy.slug}))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    CommentFactory(consultation=world.consultation)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as one:
        assert client.get(_page(world.strategy)).status_code == 200
    for _ in range(3):
        ValueFactory(strategy=world.strategy)
        goal = GoalFactory(field=world.field)
        measure = MeasureFactory(field=world.field)
        parent = CommentFactory(consultation=world.consultation, section="measure", measure=measure)
        CommentFactory(
            consultation=world.consultation, parent=parent, section="measure", measure=measure
        )
        CommentFactory(
            consultation=world.consultation, section="goal", goal=goal, outcome="adopted"
        )
        CommentReportFactory(comment=parent)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(len(one)):
        assert client.get(_page(world.strategy)).status_code == 200


@pytest.mark.parametrize("name", ["report", "moderation"])
def test_other_list_pages_queries_do_not_grow(client, world, name, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    url = reverse(f"consultation:{name}", kwargs={"slug": world.strategy.slug})
    CommentReportFactory(comment=CommentFactory(consultation=world.consultation))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        comment = CommentFactory(
            consultation=world.consultation, section="measure", measure=world.measure
        )
        CommentReportFactory(comment=comment)
        CommentFactory(
            consultation=world.consultation,
            parent=comment,
            section="measure",
            measure=world.measure,
        )
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200
