"""The joint-project and article datasets: public summaries and published public articles only;
never internal notes, budgets, invitations, non-public projects, drafts or members-only texts."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

import pytest

from blaupause.collaboration.constants import AgreementStatus, FundingStatus, PartnerStatus
from blaupause.collaboration.models import JointProject, ProjectPartner
from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Licence, Visibility
from blaupause.knowledge.models import Article
from tests.factories.commitments import MeasureFactory
from tests.factories.regions import MunicipalityFactory
from tests.opendata.test_files import body, read_csv, read_json, read_xlsx, url

pytestmark = pytest.mark.django_db

PROJECT_COLUMNS = [
    "uuid",
    "title",
    "summary",
    "lead_ags",
    "lead_name",
    "partner_ags",
    "partner_names",
    "measure_key",
    "strategy",
    "network",
    "agreement_status",
    "starts_on",
    "ends_on",
    "funding_programme",
    "funding_status",
    "url",
    "is_demo",
    "updated_at",
]
ARTICLE_COLUMNS = [
    "uuid",
    "title",
    "kind",
    "licence",
    "municipality_ags",
    "municipality_name",
    "published_at",
    "url",
    "is_demo",
    "updated_at",
]


def make_project(lead, *, accepted=(), invited=(), **fields):
    values = {
        "title": "Gemeinsames ISMS",
        "lead_municipality": lead,
        "summary": "Gemeinsame Informationssicherheit",
        "internal_notes": "Vertraulich: Verhandlungsspielraum",
        "budget_total": Decimal("98765.43"),
        "funding_programme": "Digitale Kommune NRW",
        "funding_rate": Decimal("80"),
        "funding_status": FundingStatus.APPROVED,
        "agreement_status": AgreementStatus.AGREEMENT_SIGNED,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 6, 30),
    }
    values.update(fields)
    project = JointProject.objects.create(**values)
    ProjectPartner.objects.create(project=project, municipality=lead, status=PartnerStatus.ACCEPTED)
    for municipality in accepted:
        ProjectPartner.objects.create(
            project=project, municipality=municipality, status=PartnerStatus.ACCEPTED
        )
    for municipality in invited:
        ProjectPartner.objects.create(
            project=project, municipality=municipality, status=PartnerStatus.INVITED
        )
    return project


def make_article(municipality, **fields):
    values = {
        "title": "Muster-Dienstanweisung",
        "slug": f"artikel-{Article.all_objects.count() + 1}",
        "kind": ArticleKind.TEMPLATE,
        "licence": Licence.CC0,
        "status": ArticleStatus.PUBLISHED,
        "visibility": Visibility.PUBLIC,
        "published_at": timezone.now(),
        "author_municipality": municipality,
        "region": municipality.district.region,
        "body": "Geheimer Volltext bleibt auf der Seite",
    }
    values.update(fields)
    return Article.objects.create(**values)


@pytest.fixture
def projects(network, municipality, other_municipality):
    invited = MunicipalityFactory(district=municipality.district, name="Eingeladen-Dorf")
    measure = MeasureFactory(strategy__network=network, key="B-M04")
    public = make_project(
        municipality,
        accepted=[other_municipality],
        invited=[invited],
        measure=measure,
        network=network,
    )
    hidden = make_project(municipality, title="Geheimes Vorhaben", is_public=False)
    return {"public": public, "hidden": hidden, "invited": invited, "measure": measure}


def test_project_rows_show_the_public_summary(client, projects, network, municipality):
    project = projects["public"]
    response = client.get(url("gemeinsame-projekte", "csv"))
    assert response.status_code == 200
    rows = read_csv(response)
    assert list(rows[0]) == PROJECT_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert row["uuid"] == str(project.uuid)
    assert row["title"] == "Gemeinsames ISMS"
    assert row["summary"] == "Gemeinsame Informationssicherheit"
    assert row["lead_ags"] == municipality.ags
    assert row["lead_name"] == municipality.name
    assert set(row["partner_ags"].split("|")) == {
        municipality.ags,
        project.partners.exclude(municipality=municipality)
        .exclude(status=PartnerStatus.INVITED)
        .get()
        .municipality.ags,
    }
    assert row["measure_key"] == "B-M04"
    assert row["strategy"] == projects["measure"].strategy.slug
    assert row["network"] == network.slug
    assert row["agreement_status"] == "agreement_signed"
    assert row["starts_on"] == "2026-01-01"
    assert row["ends_on"] == "2027-06-30"
    assert row["funding_programme"] == "Digitale Kommune NRW"
    assert row["funding_status"] == "approved"
    assert row["url"].startswith("http")
    assert row["url"].endswith(project.get_absolute_url())


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_no_internal_data_in_any_format(client, projects, fmt):
    response = client.get(url("gemeinsame-projekte", fmt))
    if fmt == "xlsx":
        sheet = read_xlsx(response)["Daten"]
        text = repr(list(sheet.iter_rows(values_only=True)))
        assert "Gemeinsames ISMS" in text
    else:
        text = body(response).decode()
    for secret in (
        "Vertraulich",
        "98765",
        "Geheimes Vorhaben",
        str(projects["hidden"].uuid),
        "Eingeladen-Dorf",
        projects["invited"].ags,
    ):
        assert secret not in text


def test_project_json_lists_partners_as_arrays(client, projects):
    data = read_json(client.get(url("gemeinsame-projekte", "json")))
    assert len(data["rows"]) == 1
    row = data["rows"][0]
    assert isinstance(row["partner_ags"], list)
    assert len(row["partner_ags"]) == 2
    assert row["is_demo"] is False


def test_article_rows_are_published_public_metadata_only(client, municipality):
    public = make_article(municipality)
    make_article(municipality, title="Entwurf im Haus", status=ArticleStatus.DRAFT)
    make_article(municipality, title="Nur für Mitglieder", visibility=Visibility.MEMBERS)
    rows = read_csv(client.get(url("wissensartikel", "csv")))
    text = repr(rows)
    assert list(rows[0]) == ARTICLE_COLUMNS
    assert [row["uuid"] for row in rows] == [str(public.uuid)]
    row = rows[0]
    assert row["title"] == "Muster-Dienstanweisung"
    assert row["kind"] == "template"
    assert row["licence"] == "CC0-1.0"
    assert row["municipality_ags"] == municipality.ags
    assert row["municipality_name"] == municipality.name
    assert row["published_at"].endswith("Z")
    assert row["url"].endswith(public.get_absolute_url())
    assert "Entwurf im Haus" not in text
    assert "Nur für Mitglieder" not in text
    assert "Geheimer Volltext" not in text


def test_both_datasets_are_on_the_page(client, projects):
    from django.urls import reverse

    from blaupause.opendata.datasets import dataset_get

    assert dataset_get("gemeinsame-projekte").column_keys == PROJECT_COLUMNS
    assert dataset_get("wissensartikel").column_keys == ARTICLE_COLUMNS
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Gemeinsame Projekte" in page
    assert "Wissensartikel" in page
