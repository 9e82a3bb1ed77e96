"""Knowledge articles in the API: published public ones for everybody, drafts and
members-only articles never for anonymous callers; filters, caching headers, errors."""

import json

from django.utils import timezone

import pytest

from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Visibility
from blaupause.knowledge.models import Article
from tests.factories.accounts import MembershipFactory, UserFactory

from .conftest import API, bearer

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


def make_article(municipality, **kwargs) -> Article:
    values = {
        "title": "Muster-Beschlussvorlage",
        "kind": ArticleKind.COUNCIL_DRAFT,
        "status": ArticleStatus.PUBLISHED,
        "visibility": Visibility.PUBLIC,
        "published_at": timezone.now(),
        "author_municipality": municipality,
        "region": municipality.district.region if municipality else None,
        "body": "Der Rat beschließt.",
        "summary": "Vorlage für den Rat",
    }
    values.update(kwargs)
    values.setdefault("slug", f"artikel-{Article.all_objects.count() + 1}")
    return Article.objects.create(**values)


def test_anonymous_callers_see_published_public_articles_only(client, municipality):
    public = make_article(municipality, title="Öffentliche Vorlage")
    make_article(municipality, title="Entwurf geheim", status=ArticleStatus.DRAFT)
    make_article(municipality, title="Nur Mitglieder", visibility=Visibility.MEMBERS)
    response, body = get(client, f"{API}/articles/")
    assert response.status_code == 200
    assert body["count"] == 1
    row = body["items"][0]
    assert row["uuid"] == str(public.uuid)
    assert row["title"] == "Öffentliche Vorlage"
    assert row["kind"] == "council_draft"
    assert row["licence"] == "CC-BY-4.0"
    assert row["visibility"] == "public"
    assert row["author_municipality"] == {"ags": municipality.ags, "name": municipality.name}
    assert row["body"] == "Der Rat beschließt."
    assert row["url"] == public.get_absolute_url()
    assert "author" not in row
    text = response.content.decode()
    assert "Entwurf geheim" not in text
    assert "Nur Mitglieder" not in text


@pytest.mark.parametrize(
    "hidden",
    [{"status": ArticleStatus.DRAFT}, {"visibility": Visibility.MEMBERS}],
    ids=["draft", "members-only"],
)
def test_hidden_article_answers_404_to_anonymous(client, municipality, hidden):
    article = make_article(municipality, title="Nicht für alle", **hidden)
    response, _body = get(client, f"{API}/articles/{article.uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Nicht für alle" not in response.content.decode()


def test_member_with_token_reads_members_only_article(client, municipality):
    article = make_article(municipality, title="Nur Mitglieder", visibility=Visibility.MEMBERS)
    member = UserFactory()
    MembershipFactory(user=member, role="contributor", municipality=municipality)
    response, body = get(client, f"{API}/articles/{article.uuid}", **bearer(member))
    assert response.status_code == 200
    assert body["visibility"] == "members"
    assert "private" in response["Cache-Control"]


def test_drafts_stay_out_of_the_api_even_for_their_authors(client, municipality):
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=municipality)
    draft = make_article(municipality, status=ArticleStatus.DRAFT, author=cdo)
    _response, body = get(client, f"{API}/articles/", **bearer(cdo))
    assert body["items"] == []
    response, _body = get(client, f"{API}/articles/{draft.uuid}", **bearer(cdo))
    assert response.status_code == 404


def test_filters_kind_and_municipality(client, municipality, other_municipality):
    howto = make_article(municipality, kind=ArticleKind.HOWTO, title="Anleitung")
    template = make_article(other_municipality, kind=ArticleKind.TEMPLATE, title="Vorlage")

    def uuids(query):
        response, body = get(client, f"{API}/articles/?{query}")
        assert response.status_code == 200
        return [row["uuid"] for row in body["items"]]

    assert uuids("kind=howto") == [str(howto.uuid)]
    assert uuids(f"municipality={other_municipality.ags}") == [str(template.uuid)]
    assert uuids(f"kind=howto&municipality={other_municipality.ags}") == []


@pytest.mark.parametrize("query", ["kind=roman", "municipality=x1", "limit=501"])
def test_bad_filters_answer_422_problem(client, query):
    response, body = get(client, f"{API}/articles/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body["errors"]


def test_etag_last_modified_and_304(client, municipality):
    article = make_article(municipality)
    response = client.get(f"{API}/articles/{article.uuid}")
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(f"{API}/articles/{article.uuid}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_list_query_count_does_not_grow(client, municipality, django_assert_max_num_queries):
    for index in range(15):
        make_article(municipality, title=f"Artikel {index}")
    with django_assert_max_num_queries(2):
        response, body = get(client, f"{API}/articles/?limit=10")
    assert response.status_code == 200
    assert len(body["items"]) == 10
    assert body["count"] == 15


def make_offer(**kwargs):
    from blaupause.knowledge.models import LearningOffer

    values = {
        "title": "Grundkurs Informationssicherheit",
        "kind": "course",
        "description": "Für Einsteigerinnen und Einsteiger.",
        "provider": "Kommunale Akademie",
        "roles": ["cdo"],
        "duration_hours": "4.5",
        "is_published": True,
    }
    values.update(kwargs)
    values.setdefault("slug", f"angebot-{LearningOffer.all_objects.count() + 1}")
    return LearningOffer.objects.create(**values)


def test_learning_offers_published_only_with_filters(client):
    course = make_offer()
    webinar = make_offer(title="Webinar E-Akte", kind="webinar", roles=["all"])
    make_offer(title="Unveröffentlichter Kurs", is_published=False)
    response, body = get(client, f"{API}/learning-offers/")
    assert response.status_code == 200
    assert response["ETag"]
    assert [row["uuid"] for row in body["items"]] == [str(course.uuid), str(webinar.uuid)]
    assert body["items"][0]["duration_hours"] == 4.5
    assert body["items"][0]["roles"] == ["cdo"]
    assert body["items"][0]["url"] == course.get_absolute_url()
    assert "Unveröffentlichter" not in response.content.decode()
    _response, body = get(client, f"{API}/learning-offers/?kind=webinar")
    assert [row["uuid"] for row in body["items"]] == [str(webinar.uuid)]
    # Offers for everybody ("all") match every role.
    _response, body = get(client, f"{API}/learning-offers/?role=leadership")
    assert [row["uuid"] for row in body["items"]] == [str(webinar.uuid)]


def test_unpublished_offer_answers_404_and_bad_filter_422(client):
    hidden = make_offer(is_published=False)
    response, _body = get(client, f"{API}/learning-offers/{hidden.uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    response, body = get(client, f"{API}/learning-offers/?role=chef")
    assert response.status_code == 422
    assert body["errors"]


def test_offer_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for index in range(12):
        make_offer(title=f"Kurs {index:02}")
    with django_assert_max_num_queries(3):
        _response, body = get(client, f"{API}/learning-offers/?limit=10")
    assert len(body["items"]) == 10
