"""Attachments of articles: only PDF, DOCX, XLSX and ODT by content, a size limit checked before
the upload is read, downloads as attachments with the article's visibility."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from blaupause.knowledge import constants
from blaupause.knowledge.constants import ArticleStatus, Visibility
from blaupause.knowledge.models import ArticleAttachment
from tests.factories.accounts import UserFactory
from tests.knowledge.test_articles import make_article

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def article(cdo, municipality):
    return make_article(municipality, author=cdo)


def _upload(client, article, name, data, **extra):
    url = reverse("knowledge:attachment_add", kwargs={"slug": article.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, data), "title": "Muster"}, **extra)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("vorlage.pdf", PDF, "application/pdf"),
        (
            "vorlage.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("tabelle.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("text.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("falscher-name.txt", PDF, "application/pdf"),  # the content decides, not the name
    ],
)
def test_allowed_types_are_stored(client, cdo, article, name, data, content_type):
    client.force_login(cdo)
    response = _upload(client, article, name, data)
    assert response.status_code == 302
    attachment = ArticleAttachment.objects.get()
    assert attachment.content_type == content_type
    assert attachment.size == len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("programm.pdf", EXE),  # an executable renamed to .pdf
        ("folien.pptx", PPTX),
        ("bild.pdf", PNG),
        ("seite.pdf", b"<html><script>alert(1)</script></html>"),
        ("notiz.pdf", b"nur Text"),
    ],
)
def test_other_types_are_refused_in_german(client, cdo, article, name, data):
    client.force_login(cdo)
    response = _upload(client, article, name, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Diese Datei können wir nicht annehmen." in page
    assert "Erlaubt sind PDF, Word (DOCX), Excel (XLSX) und OpenDocument-Text (ODT)." in page
    assert not ArticleAttachment.objects.exists()


def test_empty_and_missing_files_are_refused(client, cdo, article):
    client.force_login(cdo)
    response = _upload(client, article, "leer.pdf", b"")
    assert response.status_code == 400
    assert "Die Datei ist leer." in response.content.decode()
    response = client.post(reverse("knowledge:attachment_add", kwargs={"slug": article.slug}), {})
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()


def test_too_large_file_is_refused(client, cdo, article, monkeypatch):
    monkeypatch.setattr(constants, "MAX_ATTACHMENT_BYTES", 1024)
    client.force_login(cdo)
    response = _upload(client, article, "gross.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "Die Datei ist zu groß" in response.content.decode()
    assert not ArticleAttachment.objects.exists()


def test_huge_upload_is_refused_before_the_body_is_read(client, cdo, article):
    """200 MB announced: the answer comes from the declared length, the body is never read."""
    client.force_login(cdo)
    url = reverse("knowledge:attachment_add", kwargs={"slug": article.slug})
    response = client.generic(
        "POST",
        url,
        b"x" * 10,
        content_type="multipart/form-data; boundary=grenze",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert "Die Datei ist zu groß: höchstens 20 MB." in page
    assert not ArticleAttachment.objects.exists()


def test_huge_upload_to_a_foreign_article_is_still_forbidden(client, article, other_municipality):
    from tests.factories.accounts import MembershipFactory

    stranger = UserFactory()
    MembershipFactory(user=stranger, role="cdo", municipality=other_municipality)
    client.force_login(stranger)
    url = reverse("knowledge:attachment_add", kwargs={"slug": article.slug})
    response = client.generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=g",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 403


def test_upload_needs_csrf_token(cdo, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cdo)
    response = _upload(client, article, "vorlage.pdf", PDF)
    assert response.status_code == 403
    assert not ArticleAttachment.objects.exists()


def test_other_municipality_cannot_upload(client, article, other_municipality):
    from tests.factories.accounts import MembershipFactory

    stranger = UserFactory()
    MembershipFactory(user=stranger, role="cdo", municipality=other_municipality)
    client.force_login(stranger)
    assert _upload(client, article, "vorlage.pdf", PDF).status_code == 403


def test_download_is_an_attachment_with_nosniff(client, cdo, article):
    client.force_login(cdo)
    _upload(client, article, "vorlage.pdf", PDF)
    attachment = ArticleAttachment.objects.get()
    client.logout()
    response = client.get(
        reverse("knowledge:attachment_download", kwargs={"uuid": attachment.uuid})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("status", "visibility"),
    [(ArticleStatus.DRAFT, Visibility.PUBLIC), (ArticleStatus.PUBLISHED, Visibility.MEMBERS)],
)
def test_download_follows_article_visibility(client, cdo, municipality, status, visibility):
    article = make_article(municipality, author=cdo, status=status, visibility=visibility)
    client.force_login(cdo)
    _upload(client, article, "vorlage.pdf", PDF)
    attachment = ArticleAttachment.objects.get()
    url = reverse("knowledge:attachment_download", kwargs={"uuid": attachment.uuid})
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_attachment_can_be_removed(client, cdo, article):
    client.force_login(cdo)
    _upload(client, article, "vorlage.pdf", PDF)
    attachment = ArticleAttachment.objects.get()
    response = client.post(reverse("knowledge:attachment_delete", kwargs={"uuid": attachment.uuid}))
    assert response.status_code == 302
    assert not ArticleAttachment.objects.exists()
    assert ArticleAttachment.all_objects.count() == 1  # soft delete: an admin can restore it
