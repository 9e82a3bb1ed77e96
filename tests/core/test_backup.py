"""`blaupause backup` / `restore`: one archive, restored into an empty database, gives the same
content — rows of every table (soft-deleted rows and history included) and uploaded files."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

import pytest

from blaupause.core.audit import audit_record
from blaupause.core.backup import BackupError, backed_up_models, create_backup, restore_backup
from blaupause.strategies.models import Measure
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory, EvidenceFileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _content() -> dict[str, list[dict]]:
    """Every backed-up row as plain data, by table, in primary-key order.

    Content types are numbered anew in every database; a reference to one is compared by
    what it names (app and model), as the archive stores it.
    """
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}

    def plain(model, row):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                row[field.attname] = content_types.get(row[field.attname])
        return {key: str(value) for key, value in row.items()}

    return {
        model._meta.label: [
            plain(model, row) for row in model._base_manager.order_by("pk").values()
        ]
        for model in backed_up_models()
    }


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def content(media):
    user = UserFactory(email="cdo@beispiel.example")
    commitment = CommitmentFactory()
    MembershipFactory(user=user, role="cdo", municipality=commitment.municipality)
    EvidenceFileFactory(commitment=commitment)
    gone = CommitmentFactory(municipality=commitment.municipality)
    gone.deleted_at = timezone.now()  # soft-deleted rows belong to the backup too
    gone.save()
    measure = Measure.objects.get(pk=commitment.measure_id)
    measure.title = "Geänderter Titel mit Umlauten: äöüß"
    measure.save()  # a second history row
    audit_record(actor=user, verb="test.recorded", target=measure, data={"x": 1})
    return commitment


def test_backup_then_restore_into_an_empty_database_gives_the_same_content(
    content, media, tmp_path
):
    before, files_before = _content(), _files(media)
    archive = tmp_path / "sicherung.tar.gz"
    manifest = create_backup(archive)
    assert manifest.counts["commitments.Commitment"] == 2
    assert any(name.startswith("media/") for name in manifest.files)

    if connection.vendor == "postgresql":
        # The test's own transaction holds deferred checks, which would block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert _content() != before

    restore_backup(archive)
    assert _content() == before
    assert _files(media) == files_before


def test_the_command_writes_an_archive_with_manifest_and_checksums(content, tmp_path):
    target = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(target), stdout=out)
    assert "Sicherung geschrieben" in out.getvalue()
    with tarfile.open(target) as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        names = set(archive.getnames())
    assert {"manifest.json", "database.jsonl"} <= names
    assert set(manifest["files"]) <= names
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert manifest["migrations"]


def test_restore_refuses_a_database_with_accounts_unless_forced(content, tmp_path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive)
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), force=True, stdout=io.StringIO())


def _rewrite(source: Path, target: Path, change) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def test_a_damaged_archive_is_refused_and_nothing_changes(content, tmp_path):
    archive, damaged = tmp_path / "b.tar.gz", tmp_path / "kaputt.tar.gz"
    create_backup(archive)
    _rewrite(
        archive,
        damaged,
        lambda name, data: (
            data.replace(b"Umlauten", b"Umlautem") if name == "database.jsonl" else data
        ),
    )
    before = _content()
    with pytest.raises(BackupError, match=r"Prüfsumme von database\.jsonl"):
        restore_backup(damaged, force=True)
    assert _content() == before


def test_an_archive_from_another_version_names_the_migrations(content, tmp_path):
    archive, other = tmp_path / "b.tar.gz", tmp_path / "neu.tar.gz"

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("strategies.9999_aus_der_zukunft")
        return json.dumps(manifest).encode()

    create_backup(archive)
    _rewrite(archive, other, newer)
    with pytest.raises(BackupError, match="9999_aus_der_zukunft"):
        restore_backup(other, force=True)


@pytest.mark.parametrize("payload", [b"", b"kein archiv", b"\x1f\x8b\x08\x00kaputt"])
def test_junk_is_refused_with_a_german_message(tmp_path, payload):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(payload)
    with pytest.raises(CommandError, match=r"lässt sich nicht lesen|keine Sicherung|beschädigt"):
        call_command("restore", str(junk), force=True)
