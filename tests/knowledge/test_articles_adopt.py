"""The "Übernehmen" action of a best practice: a CDO commits their municipality to its measure."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from blaupause.commitments.models import Commitment
from blaupause.knowledge.constants import ArticleKind, ArticleStatus
from blaupause.knowledge.services import articles as services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory, MeasureFactory
from tests.factories.regions import MunicipalityFactory
from tests.knowledge.test_articles import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(network):
    return MeasureFactory(strategy__network=network, title="E-Akte einführen")


@pytest.fixture
def practice(measure, other_municipality):
    return make_article(
        other_municipality,
        title="So hat Beispielstadt die E-Akte eingeführt",
        kind=ArticleKind.BEST_PRACTICE,
        measure=measure,
    )


def _adopt(client, article, municipality, role="interested"):
    return client.post(
        reverse("knowledge:best_practice_adopt", kwargs={"slug": article.slug}),
        {"municipality": municipality.ags, "role": role},
        follow=True,
    )


def test_cdo_adopts_and_gets_a_planned_commitment(client, cdo, municipality, practice, measure):
    client.force_login(cdo)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Praxisbeispiel übernehmen" in page
    response = _adopt(client, practice, municipality)
    commitment = Commitment.objects.get(municipality=municipality, measure=measure)
    assert (commitment.role, commitment.status) == ("interested", "planned")
    assert f"{municipality.name} ist jetzt an" in response.content.decode()


def test_adopting_again_raises_the_role(client, cdo, municipality, practice, measure):
    CommitmentFactory(municipality=municipality, measure=measure, role="interested")
    client.force_login(cdo)
    response = _adopt(client, practice, municipality, role="partner")
    commitment = Commitment.objects.get(municipality=municipality, measure=measure)
    assert commitment.role == "partner"
    assert "ist jetzt: beteiligt" in response.content.decode()


def test_adopting_never_lowers_a_lead(client, cdo, municipality, practice, measure):
    CommitmentFactory(municipality=municipality, measure=measure, role="lead")
    client.force_login(cdo)
    response = _adopt(client, practice, municipality, role="interested")
    assert Commitment.objects.get(municipality=municipality, measure=measure).role == "lead"
    assert "es hat sich nichts geändert" in response.content.decode()


def test_not_offered_when_measure_is_not_available(client, cdo, municipality, practice):
    outsider = MunicipalityFactory(district=municipality.district)
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=outsider)
    client.force_login(user)
    assert (
        "Praxisbeispiel übernehmen" not in client.get(practice.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("knowledge:best_practice_adopt", kwargs={"slug": practice.slug}),
        {"municipality": outsider.ags, "role": "interested"},
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.best_practice_adopt(actor=user, article=practice, municipality=outsider)
    assert not Commitment.objects.filter(municipality=outsider).exists()


def test_contributor_may_not_adopt(municipality, practice):
    user = UserFactory()
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    with pytest.raises(PermissionDenied):
        services.best_practice_adopt(actor=user, article=practice, municipality=municipality)


def test_cdo_cannot_adopt_for_another_municipality(client, cdo, practice, other_municipality):
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:best_practice_adopt", kwargs={"slug": practice.slug}),
        {"municipality": other_municipality.ags, "role": "partner"},
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie einen der angebotenen Werte." in response.content.decode()
    assert not Commitment.objects.exists()


def test_bad_role_is_refused(client, cdo, municipality, practice):
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:best_practice_adopt", kwargs={"slug": practice.slug}),
        {"municipality": municipality.ags, "role": "lead"},
    )
    assert response.status_code == 400
    assert not Commitment.objects.exists()


def test_only_published_best_practices(cdo, municipality, measure, other_municipality):
    draft = make_article(
        other_municipality,
        kind=ArticleKind.BEST_PRACTICE,
        measure=measure,
        status=ArticleStatus.DRAFT,
    )
    howto = make_article(other_municipality, kind=ArticleKind.HOWTO, measure=measure)
    for article in (draft, howto):
        with pytest.raises(ValidationError):
            services.best_practice_adopt(actor=cdo, article=article, municipality=municipality)


def test_anonymous_is_sent_to_login(client, practice):
    response = client.post(
        reverse("knowledge:best_practice_adopt", kwargs={"slug": practice.slug}), {}
    )
    assert response.status_code == 302
    assert "login" in response["Location"] or "anmelden" in response["Location"]
