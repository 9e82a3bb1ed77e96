"""The district page links to the district's progress report, and the link works."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_the_district_page_links_to_its_progress_report(client, world):
    page = client.get(world.district.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    url = reverse("reports:district_report", kwargs={"slug": world.district.slug})
    assert f'href="{url}"' in html
    assert "Fortschrittsbericht herunterladen (PDF, Word, Markdown)" in html

    report = client.get(url)
    assert report.status_code == 200
    assert "Fortschrittsbericht: Kreis Beispiel" in report.content.decode()


def test_the_district_report_comes_as_markdown_from_the_link(client, world):
    url = reverse("reports:district_report", kwargs={"slug": world.district.slug})
    response = client.post(url, {"format": "md"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert "Kreis Beispiel" in text
    assert "Heimstadt" in text
