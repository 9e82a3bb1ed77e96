"""Knowledge articles: who sees and changes what, safe text, history, conflicts, list filters."""

from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Visibility
from blaupause.knowledge.models import Article
from blaupause.knowledge.services import articles as services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def make_article(municipality=None, *, author=None, **kwargs) -> Article:
    """An article straight into the database (a factory: the services are tested below)."""
    values = {
        "title": "Muster-Beschlussvorlage",
        "kind": ArticleKind.COUNCIL_DRAFT,
        "status": ArticleStatus.PUBLISHED,
        "visibility": Visibility.PUBLIC,
        "published_at": timezone.now(),
        "author_municipality": municipality,
        "region": municipality.district.region if municipality else None,
        "author": author,
        "body": "Der Rat beschließt.",
    }
    values.update(kwargs)
    values.setdefault("slug", f"artikel-{Article.all_objects.count() + 1}")
    return Article.objects.create(**values)


def person(role=None, **scope):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, role=role, **scope)
    if role == "regional_admin":  # without an authenticator app the site asks to set one up
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def world(municipality, other_municipality):
    region = municipality.district.region
    far_region = RegionFactory(slug="fern", name="Fernland", short_name="FL", ags_prefix="099")
    far_municipality = MunicipalityFactory(district=DistrictFactory(region=far_region, ags="09901"))
    author = person("contributor", municipality=municipality)
    return {
        "municipality": municipality,
        "author": author,
        "anonymous": None,
        "no role": person(),
        "contributor elsewhere in region": person("contributor", municipality=other_municipality),
        "cdo of author municipality": person("cdo", municipality=municipality),
        "cdo of other municipality": person("cdo", municipality=other_municipality),
        "cdo in another region": person("cdo", municipality=far_municipality),
        "regional admin": person("regional_admin", region=region),
        "admin of another region": person("regional_admin", region=far_region),
    }


def _can(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


VIEW_MATRIX = {
    # who: (public published, members published, draft)
    "anonymous": (200, 404, 404),
    "no role": (200, 404, 404),
    "contributor elsewhere in region": (200, 200, 404),
    "cdo of author municipality": (200, 200, 200),
    "cdo of other municipality": (200, 200, 404),
    "cdo in another region": (200, 404, 404),
    "regional admin": (200, 200, 200),
    "admin of another region": (200, 404, 404),
    "author": (200, 200, 200),
}


@pytest.mark.parametrize("who", list(VIEW_MATRIX))
def test_who_sees_which_article(client, world, who):
    municipality = world["municipality"]
    author = world["author"]
    public = make_article(municipality, author=author, title="Öffentlich")
    members = make_article(
        municipality, author=author, title="Intern", visibility=Visibility.MEMBERS
    )
    draft = make_article(
        municipality, author=author, title="Entwurf", status=ArticleStatus.DRAFT, published_at=None
    )
    user = world[who]
    seen = tuple(_can(client, user, a.get_absolute_url()) for a in (public, members, draft))
    assert seen == VIEW_MATRIX[who]


EDIT_MATRIX = {
    "anonymous": False,
    "no role": False,
    "contributor elsewhere in region": False,
    "cdo of author municipality": True,
    "cdo of other municipality": False,
    "regional admin": True,
    "admin of another region": False,
    "author": True,
}


@pytest.mark.parametrize("who", list(EDIT_MATRIX))
def test_who_may_edit(client, world, who):
    article = make_article(world["municipality"], author=world["author"])
    user = world[who]
    url = reverse("knowledge:article_edit", kwargs={"slug": article.slug})
    status = _can(client, user, url)
    if EDIT_MATRIX[who]:
        assert status == 200
    else:
        assert status in (302, 403, 404)
    if user is not None:
        assert user.has_perm("knowledge.change_article", article) is EDIT_MATRIX[who]


def test_create_draft_then_publish(client, cdo, municipality):
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:article_create"),
        {
            "municipality": municipality.ags,
            "title": "E-Akte in 18 Monaten",
            "kind": ArticleKind.LESSONS_LEARNED,
            "summary": "Was wir gelernt haben.",
            "body": "## Start\n\nWir haben klein angefangen.",
            "licence": "CC-BY-4.0",
            "visibility": Visibility.PUBLIC,
            "tags": "E-Akte, DMS",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.status == ArticleStatus.DRAFT
    assert article.author == cdo
    assert article.author_municipality == municipality
    assert article.region == municipality.district.region
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:article_publish", kwargs={"slug": article.slug}),
        {"version": article.version, "publish": "on"},
        follow=True,
    )
    assert "Der Artikel ist veröffentlicht." in response.content.decode()
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "E-Akte in 18 Monaten" in page
    assert "Creative Commons Namensnennung 4.0 (CC BY 4.0)" in page
    assert municipality.name in page


def test_default_licence_is_cc_by(cdo, municipality):
    article = services.article_create(
        actor=cdo, municipality=municipality, title="Anleitung", kind=ArticleKind.HOWTO
    )
    assert article.licence == "CC-BY-4.0"


def test_create_bad_input_keeps_text_and_says_why(client, cdo, municipality):
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:article_create"),
        {
            "municipality": "nicht-da",
            "title": "",
            "kind": "roman",
            "body": "Mein langer Text bleibt erhalten.",
            "licence": "alle-rechte",
            "visibility": "geheim",
            "measure": "kein-uuid",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel ein." in page
    assert "Bitte wählen Sie einen der angebotenen Werte." in page
    assert "Bitte wählen Sie eine der angebotenen Maßnahmen." in page
    assert "Mein langer Text bleibt erhalten." in page
    assert not Article.objects.exists()


def test_best_practice_needs_a_measure(cdo, municipality):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.article_create(
            actor=cdo, municipality=municipality, title="Praxis", kind=ArticleKind.BEST_PRACTICE
        )
    assert "Maßnahme" in str(error.value.message_dict["measure"])


def test_cannot_write_for_a_foreign_municipality(cdo, other_municipality):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.article_create(
            actor=cdo, municipality=other_municipality, title="X", kind=ArticleKind.HOWTO
        )


def test_person_without_role_cannot_write(client):
    client.force_login(UserFactory())
    assert client.get(reverse("knowledge:article_create")).status_code == 403


XSS = {
    "title": '<script>alert("t")</script>Titel',
    "summary": '<img src=x onerror="alert(1)">Kurz',
    "body": (
        "<script>alert('b')</script>\n\n[klick](javascript:alert(1))\n\n"
        '<img src="x" onerror="alert(2)">\n\n<a href="javascript:alert(3)">a</a>'
    ),
    "tags": '<svg onload="alert(4)">, ok',
}


def test_markup_in_every_text_is_inert(client, municipality):
    article = make_article(municipality, **XSS)
    page = client.get(article.get_absolute_url()).content.decode()
    main = page.split('id="main"', 1)[1]
    assert "<script>alert" not in main
    assert "javascript:" not in main
    assert "onerror=" not in main.replace("onerror=&quot;", "")  # escaped text is fine
    assert "<img" not in main
    assert "<svg" not in main
    assert "&lt;script&gt;" in main  # the title is shown as text
    listing = client.get(reverse("knowledge:article_list")).content.decode()
    assert "<script>alert" not in listing.split('id="main"', 1)[1]
    assert "<img src=x" not in listing


def test_markdown_is_rendered(client, municipality):
    article = make_article(municipality, body="## Ablauf\n\n- **erstens**\n- zweitens")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Ablauf</h2>" in page
    assert "<strong>erstens</strong>" in page


def test_history_shows_who_when_and_a_word_diff(client, cdo, municipality):
    article = services.article_create(
        actor=cdo,
        municipality=municipality,
        title="Leitfaden",
        kind=ArticleKind.HOWTO,
        body="Der Rat beschließt die Strategie.",
    )
    services.article_update(
        actor=cdo,
        article=article,
        expected_version=article.version,
        body="Der Rat beschließt die neue Strategie.",
    )
    client.force_login(cdo)
    response = client.get(reverse("knowledge:article_history", kwargs={"slug": article.slug}))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="bp-history__entry"') == 2
    assert "eingefügt:" in page
    assert "neue</ins>" in page
    assert f"von {cdo}" in page


def test_history_of_a_draft_is_hidden(client, cdo, municipality):
    article = services.article_create(
        actor=cdo, municipality=municipality, title="Geheim", kind=ArticleKind.HOWTO
    )
    url = reverse("knowledge:article_history", kwargs={"slug": article.slug})
    assert client.get(url).status_code == 404


def test_concurrent_edit_shows_conflict(client, cdo, municipality):
    article = make_article(municipality, author=cdo, body="Fassung eins")
    url = reverse("knowledge:article_edit", kwargs={"slug": article.slug})
    client.force_login(cdo)
    data = {
        "title": article.title,
        "kind": article.kind,
        "summary": "",
        "body": "Meine Fassung",
        "licence": article.licence,
        "visibility": article.visibility,
        "tags": "",
        "version": article.version,
    }
    services.article_update(
        actor=cdo, article=article, expected_version=article.version, body="Andere Fassung"
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in page
    assert "Meine Fassung" in page
    assert "Andere Fassung" in page
    article.refresh_from_db()
    assert article.body == "Andere Fassung"


def test_edit_saves(client, cdo, municipality):
    article = make_article(municipality, author=cdo)
    client.force_login(cdo)
    response = client.post(
        reverse("knowledge:article_edit", kwargs={"slug": article.slug}),
        {
            "title": "Neuer Titel",
            "kind": article.kind,
            "body": "Text",
            "licence": "CC0-1.0",
            "visibility": Visibility.MEMBERS,
            "version": article.version,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.licence, article.visibility, article.version) == (
        "Neuer Titel",
        "CC0-1.0",
        Visibility.MEMBERS,
        2,
    )


def test_list_filters_by_kind_and_municipality(client, municipality, other_municipality):
    make_article(municipality, title="Vorlage A", kind=ArticleKind.TEMPLATE)
    make_article(other_municipality, title="Bericht B", kind=ArticleKind.LESSONS_LEARNED)
    url = reverse("knowledge:article_list")
    page = client.get(url, {"art": "template"}).content.decode()
    assert "Vorlage A" in page
    assert "Bericht B" not in page
    page = client.get(url, {"kommune": other_municipality.ags}).content.decode()
    assert "Bericht B" in page
    assert "Vorlage A" not in page


def test_list_ignores_nonsense_filters(client, municipality):
    make_article(municipality, title="Vorlage A")
    response = client.get(
        reverse("knowledge:article_list"),
        {"art": "' OR 1=1 --", "kommune": "<x>", "seite": "viele"},
    )
    assert response.status_code == 200
    assert "Vorlage A" in response.content.decode()


def test_list_hides_drafts_and_member_articles_from_the_public(client, municipality):
    make_article(municipality, title="Sichtbar")
    make_article(municipality, title="Nur intern", visibility=Visibility.MEMBERS)
    make_article(municipality, title="Noch Entwurf", status=ArticleStatus.DRAFT)
    page = client.get(reverse("knowledge:article_list")).content.decode()
    assert "Sichtbar" in page
    assert "Nur intern" not in page
    assert "Noch Entwurf" not in page


def test_list_query_count_does_not_grow(client, cdo, municipality, django_assert_max_num_queries):
    url = reverse("knowledge:article_list")
    make_article(municipality, author=cdo)
    make_article(municipality, author=cdo, status=ArticleStatus.DRAFT)
    client.force_login(cdo)
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for number in range(8):
        make_article(municipality, author=cdo, title=f"Artikel {number}")
        make_article(municipality, author=cdo, status=ArticleStatus.DRAFT, title=f"E {number}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 9


def test_detail_query_count_is_bounded(client, municipality, django_assert_max_num_queries):
    article = make_article(municipality)
    with django_assert_max_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_list_search_box_submits_to_the_search(client):
    page = client.get(reverse("knowledge:article_list")).content.decode()
    assert f'action="{reverse("knowledge:search")}"' in page
    assert 'name="q"' in page
    assert page.count("<h1") == 1


def test_create_best_practice_with_measure(client, cdo, municipality, network):
    from tests.factories.commitments import MeasureFactory

    measure = MeasureFactory(strategy__network=network, title="E-Akte einführen")
    draft_strategy_measure = MeasureFactory(strategy__status="draft", title="Geheimplan")
    client.force_login(cdo)
    url = reverse("knowledge:article_create")
    form_page = client.get(url).content.decode()
    assert "E-Akte einführen" in form_page
    assert "Geheimplan" not in form_page
    response = client.post(
        url,
        {
            "municipality": municipality.ags,
            "title": "Praxis E-Akte",
            "kind": ArticleKind.BEST_PRACTICE,
            "measure": str(measure.uuid),
            "licence": "CC-BY-4.0",
            "visibility": Visibility.PUBLIC,
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.measure == measure
    assert article.field_title == measure.field.title
    response = client.post(
        url,
        {
            "municipality": municipality.ags,
            "title": "Praxis geheim",
            "kind": ArticleKind.BEST_PRACTICE,
            "measure": str(draft_strategy_measure.uuid),
            "licence": "CC-BY-4.0",
            "visibility": Visibility.PUBLIC,
        },
    )
    assert response.status_code == 400
    assert Article.objects.count() == 1


def test_members_article_listed_for_role_holders_of_the_region(client, municipality, cdo):
    make_article(municipality, title="Nur intern", visibility=Visibility.MEMBERS)
    client.force_login(cdo)
    assert "Nur intern" in client.get(reverse("knowledge:article_list")).content.decode()
