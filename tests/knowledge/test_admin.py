"""The regional office curates learning paths in the Django admin; the admin pages of both new
apps open for a superuser."""

from django.urls import reverse

import pytest

from blaupause.knowledge.constants import OfferKind, OfferRole
from blaupause.knowledge.models import LearningOffer, LearningPath
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "knowledge_article",
        "knowledge_learningpath",
        "knowledge_learningoffer",
        "knowledge_learningparticipation",
        "knowledge_expertlisting",
        "collaboration_jointproject",
        "collaboration_procurementplan",
        "collaboration_synergysuggestion",
    ],
)
def test_admin_lists_open(superuser_client, model):
    response = superuser_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_a_learning_path_with_ordered_steps_is_created_in_the_admin(superuser_client):
    first = LearningOffer.objects.create(
        title="Grundlagen", slug="grundlagen", kind=OfferKind.COURSE
    )
    second = LearningOffer.objects.create(
        title="Vertiefung", slug="vertiefung", kind=OfferKind.GUIDE
    )

    response = superuser_client.post(
        reverse("admin:knowledge_learningpath_add"),
        {
            "title": "Einstieg für Mitwirkende",
            "slug": "einstieg-mitwirkende",
            "role": OfferRole.CONTRIBUTOR,
            "description": "",
            "region": "",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
            "steps-0-order": "2",
            "steps-0-offer": str(second.pk),
            "steps-1-order": "1",
            "steps-1-offer": str(first.pk),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    path = LearningPath.objects.get(slug="einstieg-mitwirkende")
    assert [step.offer.title for step in path.steps.order_by("order")] == [
        "Grundlagen",
        "Vertiefung",
    ]
