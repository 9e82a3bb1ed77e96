"""Evidence files of a commitment: upload checked by content, download as visible as the
commitment, soft delete with an audit event, the lists on the edit page and the dashboard."""

import io
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

import pytest

from blaupause.commitments import services
from blaupause.commitments.filetypes import detect
from blaupause.commitments.models import EvidenceFile
from blaupause.core.models import AuditEvent
from tests.accounts.helpers import assert_accessible_page
from tests.factories.commitments import CommitmentFactory, EvidenceFileFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 40
REFUSED = "Diese Datei können wir nicht annehmen."


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""})
DOCM = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00",
    }
)
PLAIN_ZIP = _zip({"readme.txt": b"hallo"})


def upload(name="Beschluss.pdf", data=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def edit_url(commitment):
    return reverse(
        "commitments:commitment_edit",
        kwargs={"ags": commitment.municipality.ags, "measure_uuid": commitment.measure.uuid},
    )


def download_url(evidence):
    return reverse("commitments:evidence_download", kwargs={"evidence_uuid": evidence.uuid})


def delete_url(evidence):
    return reverse("commitments:evidence_delete", kwargs={"evidence_uuid": evidence.uuid})


def post_file(client, commitment, file, title=""):
    return client.post(
        edit_url(commitment),
        {"form": "nachweis", "nachweis-file": file, "nachweis-title": title},
    )


def stored_files() -> list[Path]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "nachweise"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def public(world):
    return CommitmentFactory(municipality=world.home, measure=world.m1, is_public=True)


@pytest.fixture
def internal(world):
    return CommitmentFactory(municipality=world.home, measure=world.m3, is_public=False)


# --- type by content -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.pdf", PDF, "application/pdf"),
        ("a.png", PNG, "image/png"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        (
            "bericht.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("zahlen.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("notiz.txt", "Beschluss vom 12.03.2026 – Übersicht".encode(), "text/plain; charset=utf-8"),
        ("werte.csv", b"Jahr;Wert\n2025;12\n", "text/csv; charset=utf-8"),
        # The name does not matter: a PDF called .png is a PDF.
        ("bild.png", PDF, "application/pdf"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, data, expected):
    detected = detect(io.BytesIO(data), name)
    assert detected is not None
    assert detected.content_type == expected


@pytest.mark.parametrize(
    "data",
    [
        HTML,
        b"  <svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"Text mit <script>alert(1)</script>",
        EXE,
        ELF,
        PLAIN_ZIP,
        DOCM,
        b"PK\x03\x04 kein richtiges Archiv",
        DOCX[: len(DOCX) // 2],
        _zip({"mimetype": b"application/x-msdownload"}),
        b"\xff\xfe\x00\x00 latin-1 \xe4",
        b"",
    ],
)
def test_everything_else_is_refused(data):
    assert detect(io.BytesIO(data), "harmlos.pdf") is None


# --- service -------------------------------------------------------------------------------------


def test_cdo_adds_a_file_stored_under_a_random_name(public, people):
    evidence = services.evidence_file_add(
        actor=people["cdo"], commitment=public, upload=upload(), title="  Ratsbeschluss "
    )
    evidence.refresh_from_db()
    assert evidence.original_name == "Beschluss.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    assert evidence.title == "Ratsbeschluss"
    assert evidence.uploaded_by == people["cdo"]
    assert evidence.file.name.startswith(f"nachweise/{public.uuid}/")
    assert "Beschluss" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF
    event = AuditEvent.objects.get(verb="evidence.added")
    assert event.actor == people["cdo"]
    assert event.municipality_ags == public.municipality.ags
    assert event.data["name"] == "Beschluss.pdf"


def test_the_browser_claim_and_the_name_do_not_count(public, people):
    with pytest.raises(ValidationError) as error:
        services.evidence_file_add(
            actor=people["cdo"],
            commitment=public,
            upload=upload("bericht.pdf", HTML, "application/pdf"),
        )
    assert REFUSED in error.value.message_dict["file"][0]
    # A real PNG with a misleading name and claim is stored as PNG, on disk as .png.
    evidence = services.evidence_file_add(
        actor=people["cdo"], commitment=public, upload=upload("x.exe", PNG, "text/html")
    )
    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")


def test_names_with_paths_and_control_characters_are_cleaned(public, people):
    evidence = services.evidence_file_add(
        actor=people["cdo"],
        commitment=public,
        upload=upload("..\\..\\etc/Bericht\r\nX-Evil: 1.pdf"),
    )
    assert evidence.original_name == "BerichtX-Evil: 1.pdf"


def test_regional_admin_may_add(public, people):
    services.evidence_file_add(actor=people["regional_admin"], commitment=public, upload=upload())
    assert EvidenceFile.objects.filter(commitment=public).count() == 1


@pytest.mark.parametrize("role", ["contributor", "cdo_other", "coordinator"])
def test_others_may_not_add_and_nothing_is_stored(public, people, role):
    before = stored_files()
    with pytest.raises(PermissionDenied):
        services.evidence_file_add(actor=people[role], commitment=public, upload=upload())
    assert not EvidenceFile.all_objects.exists()
    assert stored_files() == before
    assert not AuditEvent.objects.filter(verb="evidence.added").exists()


@override_settings(BLAUPAUSE_MAX_UPLOAD_MB=0.0001)  # about 100 bytes
def test_oversize_is_refused(public, people):
    with pytest.raises(ValidationError) as error:
        services.evidence_file_add(
            actor=people["cdo"], commitment=public, upload=upload(data=PDF + b"0" * 200)
        )
    assert "zu groß" in error.value.message_dict["file"][0]
    assert not EvidenceFile.all_objects.exists()


def test_at_most_twenty_files(public, people):
    EvidenceFileFactory.create_batch(services.MAX_EVIDENCE_FILES, commitment=public)
    with pytest.raises(ValidationError) as error:
        services.evidence_file_add(actor=people["cdo"], commitment=public, upload=upload())
    assert "höchstens 20 Dateien" in error.value.message_dict["file"][0]
    # A removed file frees its place.
    services.evidence_file_delete(actor=people["cdo"], evidence=public.evidence_files.first())
    services.evidence_file_add(actor=people["cdo"], commitment=public, upload=upload())


def test_removed_commitment_takes_no_files(public, people):
    services.commitment_delete(actor=people["cdo"], commitment=public, expected_version=1)
    with pytest.raises(ValidationError):
        services.evidence_file_add(actor=people["cdo"], commitment=public, upload=upload())


def test_delete_is_soft_audited_and_checked(public, people):
    evidence = EvidenceFileFactory(commitment=public)
    with pytest.raises(PermissionDenied):
        services.evidence_file_delete(actor=people["contributor"], evidence=evidence)
    services.evidence_file_delete(actor=people["cdo"], evidence=evidence)
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert EvidenceFile.all_objects.get(pk=evidence.pk).deleted_at is not None
    event = AuditEvent.objects.get(verb="evidence.deleted")
    assert event.data["evidence"] == str(evidence.uuid)
    # Twice is harmless and writes no second event.
    services.evidence_file_delete(actor=people["cdo"], evidence=evidence)
    assert AuditEvent.objects.filter(verb="evidence.deleted").count() == 1


# --- upload on the edit page ---------------------------------------------------------------------


def test_upload_on_the_edit_page_then_download(client, public, people):
    client.force_login(people["cdo"])
    page = client.get(edit_url(public))
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = post_file(client, public, upload("Beschluss.pdf"), title="Ratsbeschluss")
    assert response.status_code == 302
    assert response["Location"].endswith("#nachweise")
    evidence = EvidenceFile.objects.get(commitment=public)
    page = client.get(edit_url(public))
    html = page.content.decode()
    assert "Ratsbeschluss" in html
    assert download_url(evidence) in html
    assert "PDF" in html
    assert_accessible_page(page)

    client.logout()  # a public commitment: anyone may download
    response = client.get(download_url(evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Beschluss.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_png_upload_downloads_as_png(client, public, people):
    client.force_login(people["cdo"])
    post_file(client, public, upload("Foto Übergabe.png", PNG, "image/png"))
    evidence = EvidenceFile.objects.get(commitment=public)
    response = client.get(download_url(evidence))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''Foto%20%C3%9Cbergabe.png" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "data"), [("bericht.pdf", HTML), ("tool.exe", EXE), ("programm", ELF)]
)
def test_refused_types_come_back_at_the_field(client, public, people, name, data):
    client.force_login(people["cdo"])
    response = post_file(client, public, upload(name, data), title="Mein Titel")
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert 'value="Mein Titel"' in html  # the input is kept
    assert "kern-form-input__input--error" in html  # the field is marked and points at it
    assert 'aria-describedby="id_nachweis-file-error id_nachweis-file_helptext"' in html
    assert not EvidenceFile.all_objects.exists()
    assert_accessible_page(response)


@override_settings(BLAUPAUSE_MAX_UPLOAD_MB=0.0001)
def test_oversize_comes_back_at_the_field(client, public, people):
    client.force_login(people["cdo"])
    response = post_file(client, public, upload(data=PDF + b"0" * 200))
    assert response.status_code == 200
    assert "Die Datei ist zu groß: höchstens 0,0001 MB." in response.content.decode()
    assert not EvidenceFile.all_objects.exists()


def test_missing_file_and_long_title_are_field_errors(client, public, people):
    client.force_login(people["cdo"])
    response = client.post(edit_url(public), {"form": "nachweis", "nachweis-title": "x" * 201})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Datei aus." in html
    assert "Höchstens 200 Zeichen." in html
    assert not EvidenceFile.all_objects.exists()


@pytest.mark.parametrize("role", ["contributor", "cdo_other"])
def test_others_get_403_on_upload_and_nothing_is_stored(client, public, people, role):
    before = stored_files()
    client.force_login(people[role])
    response = post_file(client, public, upload())
    assert response.status_code == 403
    assert not EvidenceFile.all_objects.exists()
    assert stored_files() == before


def test_anonymous_upload_goes_to_login(client, public):
    response = post_file(client, public, upload())
    assert response.status_code == 302
    assert not EvidenceFile.all_objects.exists()


def test_upload_before_the_commitment_exists(client, world, people):
    client.force_login(people["cdo"])
    url = reverse(
        "commitments:commitment_edit",
        kwargs={"ags": world.home.ags, "measure_uuid": world.m2.uuid},
    )
    page = client.get(url)
    assert "sobald die Beteiligung gespeichert ist" in page.content.decode()
    response = client.post(url, {"form": "nachweis", "nachweis-file": upload()})
    assert response.status_code == 302
    assert not EvidenceFile.all_objects.exists()


# --- download: visible exactly like the commitment -----------------------------------------------


def test_internal_files_only_for_members_and_regional_admins(client, internal, people):
    evidence = EvidenceFileFactory(commitment=internal)
    assert client.get(download_url(evidence)).status_code == 404
    for role in ("cdo_other", "coordinator"):
        client.force_login(people[role])
        assert client.get(download_url(evidence)).status_code == 404
    for role in ("contributor", "cdo", "regional_admin"):
        client.force_login(people[role])
        response = client.get(download_url(evidence))
        assert response.status_code == 200, role
        assert response["Content-Disposition"].startswith("attachment")


def test_removed_files_commitments_and_unknown_ids_are_404(client, public, people):
    removed = EvidenceFileFactory(commitment=public)
    services.evidence_file_delete(actor=people["cdo"], evidence=removed)
    assert client.get(download_url(removed)).status_code == 404
    assert client.get("/nachweise/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/nachweise/kein-uuid/").status_code == 404
    kept = EvidenceFileFactory(commitment=public)
    services.commitment_delete(actor=people["cdo"], commitment=public, expected_version=1)
    assert client.get(download_url(kept)).status_code == 404


def test_a_file_missing_on_disk_is_404_not_500(client, public):
    evidence = EvidenceFileFactory(commitment=public)
    evidence.file.storage.delete(evidence.file.name)
    assert client.get(download_url(evidence)).status_code == 404


# --- delete on the edit page ---------------------------------------------------------------------


def test_delete_button_removes_from_the_list(client, public, people):
    evidence = EvidenceFileFactory(commitment=public, title="Alter Bericht")
    client.force_login(people["cdo"])
    html = client.get(edit_url(public)).content.decode()
    assert "Alter Bericht" in html
    assert delete_url(evidence) in html
    assert client.get(delete_url(evidence)).status_code == 405  # POST only
    response = client.post(delete_url(evidence))
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(public)}#nachweise"
    html = client.get(edit_url(public)).content.decode()
    assert "Alter Bericht" not in html
    assert EvidenceFile.all_objects.get(pk=evidence.pk).deleted_at is not None
    assert AuditEvent.objects.filter(verb="evidence.deleted", actor=people["cdo"]).count() == 1


def test_delete_by_others_is_refused(client, public, internal, people):
    evidence = EvidenceFileFactory(commitment=public)
    hidden = EvidenceFileFactory(commitment=internal)
    client.force_login(people["contributor"])
    assert client.post(delete_url(evidence)).status_code == 403
    client.force_login(people["cdo_other"])
    assert client.post(delete_url(evidence)).status_code == 403
    assert client.post(delete_url(hidden)).status_code == 404  # cannot even see it
    assert EvidenceFile.objects.count() == 2
    assert not AuditEvent.objects.filter(verb="evidence.deleted").exists()


# --- municipality dashboard ----------------------------------------------------------------------


def test_dashboard_lists_files_of_public_commitments_only(client, world, public, internal, people):
    shown = EvidenceFileFactory(commitment=public, title="Öffentlicher Bericht")
    hidden = EvidenceFileFactory(commitment=internal, title="Interner Vermerk")
    url = reverse("commitments:municipality_dashboard", kwargs={"ags": world.home.ags})
    response = client.get(url)
    html = response.content.decode()
    assert "Öffentlicher Bericht" in html
    assert download_url(shown) in html
    assert "Interner Vermerk" not in html
    assert_accessible_page(response)
    client.force_login(people["cdo"])  # members see the internal row, but not its files there
    html = client.get(url).content.decode()
    assert "Öffentlicher Bericht" in html
    assert download_url(hidden) not in html


def test_dashboard_files_take_one_query(client, world, public, django_assert_num_queries):
    EvidenceFileFactory.create_batch(3, commitment=public)
    url = reverse("commitments:municipality_dashboard", kwargs={"ags": world.home.ags})
    client.get(url)
    with django_assert_num_queries(5):  # municipality, commitments, measures, peers, files
        client.get(url)
    other = CommitmentFactory(municipality=world.home, measure=world.m2)
    EvidenceFileFactory.create_batch(3, commitment=other)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count("/nachweise/") == 6


def test_damaged_archives_are_refused_not_raised():
    import random

    seeds = [
        _zip({"[Content_Types].xml": b"<T/>" * 50, "word/document.xml": b"<d/>" * 100}),
        ODS,
    ]
    rnd = random.Random(7)
    for _ in range(300):
        data = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        detect(io.BytesIO(bytes(data)), "x.docx")  # a type or None, never an exception
