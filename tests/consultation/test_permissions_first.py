"""The forms below a comment check the permission before they read the form: someone without
the right gets 403 (never field errors for an empty or bad form), nothing is stored."""

from django.urls import reverse

import pytest

from blaupause.consultation.constants import Outcome
from blaupause.consultation.models import Comment, CommentReport
from tests.factories.consultation import CommentFactory

pytestmark = pytest.mark.django_db

# (url name, role without the right, empty body, valid body)
REFUSED = [
    ("reply", "outsider", {"text": ""}, {"text": "Eine Antwort"}),
    ("report_comment", "outsider", {"reason": ""}, {"reason": "Unsachlich"}),
    ("outcome", "contributor", {}, {"outcome": "adopted", "outcome_reply": "x", "version": 1}),
    ("outcome", "cdo", {"outcome": "gibt-es-nicht"}, {"outcome": "adopted", "version": 1}),
    ("outcome", "outsider", {}, {"outcome": "adopted", "version": 1}),
    ("hide", "contributor", {"hidden_reason": ""}, {"hidden_reason": "Werbung"}),
    ("hide", "cdo", {}, {"hidden_reason": "Werbung"}),
    ("hide", "outsider", {}, {"hidden_reason": "Werbung"}),
]


def _url(world, name, comment):
    return reverse(
        f"consultation:{name}", kwargs={"slug": world.strategy.slug, "uuid": comment.uuid}
    )


@pytest.mark.parametrize(("name", "who", "empty", "valid"), REFUSED)
def test_without_the_right_a_bad_form_gets_403_not_field_errors(
    client, world, name, who, empty, valid
):
    comment = CommentFactory(consultation=world.consultation, text="Ursprünglicher Beitrag")
    client.force_login(getattr(world, who))
    url = _url(world, name, comment)
    for body in (empty, valid):
        response = client.post(url, body)
        assert response.status_code == 403
        assert "kern-error" not in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert comment.outcome == Outcome.OPEN
    assert Comment.objects.filter(parent=comment).count() == 0
    assert CommentReport.objects.count() == 0


def test_hide_from_the_moderation_queue_checks_the_right_first(client, world):
    comment = CommentFactory(consultation=world.consultation)
    client.force_login(world.contributor)
    response = client.post(_url(world, "hide", comment), {"from": "meldungen", "hidden_reason": ""})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None


@pytest.mark.parametrize(
    ("name", "who", "body"),
    [
        ("reply", "cdo", {"text": ""}),
        ("report_comment", "contributor", {"reason": ""}),
        ("outcome", "coordinator", {"outcome": "gibt-es-nicht", "version": 1}),
        ("hide", "coordinator", {"hidden_reason": ""}),
    ],
)
def test_with_the_right_a_bad_form_still_gets_field_errors(client, world, name, who, body):
    comment = CommentFactory(consultation=world.consultation)
    client.force_login(getattr(world, who))
    response = client.post(_url(world, name, comment), body)
    assert response.status_code == 400
    assert "kern-error" in response.content.decode()


def test_anonymous_is_sent_to_sign_in_first(client, world):
    comment = CommentFactory(consultation=world.consultation)
    response = client.post(_url(world, "hide", comment), {})
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    comment.refresh_from_db()
    assert comment.hidden_at is None
