"""The demo round on the Lippe strategy: closed, labelled, plausible, loaded once."""

from django.urls import reverse

import pytest

from blaupause.consultation import demo
from blaupause.consultation.models import Comment, Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def lippe(db):
    from blaupause.accounts import demo as accounts_demo
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies.blueprints import blueprint_load

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    accounts_demo.load_demo_accounts()
    return blueprint_load("lippe").strategy


def test_nothing_without_the_strategy(db):
    assert demo.load_demo_consultation() is None
    assert not Consultation.objects.exists()


def test_demo_round_is_closed_labelled_and_idempotent(client, lippe):
    consultation = demo.load_demo_consultation()
    assert consultation.is_demo
    assert not consultation.is_open()
    comments = Comment.objects.filter(consultation=consultation)
    assert comments.filter(parent__isnull=True).count() == 8
    assert comments.filter(hidden_at__isnull=False).count() == 1
    assert comments.exclude(outcome="open").count() >= 4
    assert demo.load_demo_consultation() == consultation
    assert Comment.objects.count() == comments.count()

    page = client.get(reverse("consultation:page", kwargs={"slug": lippe.slug}))
    body = page.content.decode()
    assert "Beispieldaten (Demo)" in body
    assert "Beitrag ausgeblendet: Werbung" in body
    assert "Konsultation beendet" in client.get(lippe.get_absolute_url()).content.decode()
    report = client.get(reverse("consultation:report_markdown", kwargs={"slug": lippe.slug}))
    assert "Demodaten" in report.content.decode()
    assert "Werbung für ein privates" not in report.content.decode()
    assert "Werbung für ein privates" not in body
