"""Backup and restore: one archive with the database in a portable format, the uploaded files and
a manifest with versions and checksums.

The database part is Django's JSON Lines serialization of every table that holds content
(soft-deleted rows included, history included), so an archive written on SQLite restores on
PostgreSQL and the other way round. It is read in one transaction (REPEATABLE READ on
PostgreSQL, a read snapshot on SQLite in WAL mode), so the service keeps running while a backup
is written and the archive is still consistent.

Left out on purpose: sessions (everyone logs in again), content types and permissions (created
by `migrate`), lockout records and queued background tasks (they belong to the moment).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

import blaupause
from blaupause.core.bulk import refresh_statistics

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA_PREFIX = "media/"
#: Apps whose tables are not part of a backup (see the module docstring).
EXCLUDED_APPS = {"contenttypes", "sessions", "admin", "axes", "django_tasks_database"}
#: Derived data is left out too: the search index is rebuilt after a restore (`knowledge`).
EXCLUDED_MODELS = {"auth.permission", "knowledge.searchdocument", "knowledge.searchfacet"}


#: Sent after a restore; e.g. erasures made since the backup are applied again.
backup_restored = Signal()

#: True while a restore loads rows. Receivers of signals that carry no `raw` flag (such as
#: `m2m_changed`) look at it to leave derived data alone until `backup_restored` is sent.
_restoring: ContextVar[bool] = ContextVar("blaupause_restoring", default=False)


def is_restoring() -> bool:
    return _restoring.get()


#: What reading a damaged or foreign archive raises.
_BROKEN = (OSError, EOFError, zlib.error, tarfile.TarError)


class BackupError(Exception):
    """A backup cannot be restored; the message says why in German."""


@dataclass
class Manifest:
    created_at: str
    version: str
    database_vendor: str
    migrations: list[str]
    counts: dict[str, int]
    files: dict[str, dict] = field(default_factory=dict)
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()


def backed_up_models() -> list:
    """Models whose rows go into a backup, in a stable order."""
    models = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in EXCLUDED_APPS or meta.label_lower in EXCLUDED_MODELS:
            continue
        if meta.proxy or not meta.managed:
            continue
        models.append(model)
    models.sort(key=lambda model: model._meta.label_lower)
    # Rows referred to by natural key (users by e-mail address) must come before the rows
    # that refer to them, or loading cannot resolve the reference.
    by_app: dict = {}
    for model in models:
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times with all their microseconds (Django's encoder cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _dump_database(target: Path) -> dict[str, int]:
    counts = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(), target.open("w", encoding="utf-8") as handle:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in backed_up_models():
            rows = model._base_manager.order_by("pk")
            counts[model._meta.label] = rows.count()
            serializers.serialize(
                "jsonl",
                rows.iterator(chunk_size=2000),
                stream=handle,
                use_natural_foreign_keys=True,
                cls=ExactJSONEncoder,
            )
    return counts


def create_backup(destination: Path) -> Manifest:
    """Write a backup archive (`.tar.gz`) to `destination` and return its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DATABASE
        counts = _dump_database(dump)
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            version=blaupause.__version__,
            database_vendor=connection.vendor,
            migrations=applied_migrations(),
            counts=counts,
        )
        manifest.files[DATABASE] = {"sha256": _sha256(dump), "size": dump.stat().st_size}
        media = _media_files(media_root)
        for path in media:
            name = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
            manifest.files[name] = {"sha256": _sha256(path), "size": path.stat().st_size}
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            data = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE)
            for path in media:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        partial.replace(destination)  # never leave a half-written archive under the real name
    return manifest


# --- restore -----------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.getmember(MANIFEST)
        data = json.loads(archive.extractfile(member).read())
        manifest = Manifest(**data)
    except (KeyError, AttributeError, TypeError, ValueError, *_BROKEN) as error:
        raise BackupError(
            _("Die Datei ist keine Sicherung von Blaupause (manifest.json fehlt oder ist defekt).")
        ) from error
    if manifest.format != FORMAT:
        raise BackupError(
            _("Das Sicherungsformat %(found)s wird nicht unterstützt (erwartet: %(expected)s).")
            % {"found": manifest.format, "expected": FORMAT}
        )
    return manifest


def verify(archive: tarfile.TarFile, manifest: Manifest, into: Path) -> None:
    """Extract every file listed in the manifest into `into` and check its checksum."""
    try:
        members = archive.getmembers()
    except _BROKEN as error:
        raise BackupError(
            _("Die Sicherung ist beschädigt: %(error)s") % {"error": error}
        ) from error
    names = {member.name: member for member in members if member.isfile()}
    for name, expected in sorted(manifest.files.items()):
        member = names.get(name)
        if member is None or not _safe_member(name):
            raise BackupError(
                _("Die Sicherung ist unvollständig: %(name)s fehlt.") % {"name": name}
            )
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.extractfile(member) as source, target.open("wb") as handle:
                while chunk := source.read(1 << 20):
                    handle.write(chunk)
        except _BROKEN as error:
            raise BackupError(
                _("Die Sicherung ist beschädigt (%(name)s): %(error)s")
                % {"name": name, "error": error}
            ) from error
        if _sha256(target) != expected["sha256"]:
            raise BackupError(
                _("Die Prüfsumme von %(name)s stimmt nicht: die Sicherung ist beschädigt.")
                % {"name": name}
            )


def _check_target(manifest: Manifest, *, force: bool) -> None:
    missing = sorted(set(manifest.migrations) - set(applied_migrations()))
    extra = sorted(set(applied_migrations()) - set(manifest.migrations))
    if missing:
        raise BackupError(
            _(
                "Die Sicherung stammt von einer neueren Fassung (Migrationen fehlen hier: "
                "%(names)s). Aktualisieren Sie Blaupause und führen Sie „blaupause migrate“ aus."
            )
            % {"names": ", ".join(missing[:5])}
        )
    if extra:
        raise BackupError(
            _(
                "Die Sicherung stammt von einer älteren Fassung (hier zusätzlich: %(names)s). "
                "Stellen Sie sie mit der Fassung %(version)s wieder her und aktualisieren Sie "
                "danach."
            )
            % {"names": ", ".join(extra[:5]), "version": manifest.version}
        )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if not force and user_model._base_manager.exists():
        raise BackupError(
            _(
                "Die Datenbank ist nicht leer (es gibt Benutzerkonten). Eine Sicherung wird nur "
                "in eine leere Installation zurückgespielt; mit --force wird alles ersetzt."
            )
        )


def _set_constraints(mode: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def restore_backup(source: Path, *, force: bool = False) -> Manifest:
    """Restore an archive into this installation: all or nothing for the database."""
    try:
        archive = tarfile.open(source, "r:gz")
    except _BROKEN as error:
        raise BackupError(
            _("Die Datei %(name)s lässt sich nicht lesen: %(error)s")
            % {"name": source.name, "error": error}
        ) from error
    with archive, tempfile.TemporaryDirectory() as tmp:
        manifest = read_manifest(archive)
        _check_target(manifest, force=force)
        extracted = Path(tmp)
        verify(archive, manifest, extracted)
        # The archive holds the history rows already: loading links between items must not
        # write new ones (django-simple-history records many-to-many changes as they happen).
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            postgresql = connection.vendor == "postgresql"
            if postgresql:
                # Checks deferred by an enclosing transaction would block TRUNCATE.
                _set_constraints("IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            if postgresql:
                # Rows arrive in model order, not in foreign-key order: check at the end.
                _set_constraints("DEFERRED")
            token = _restoring.set(True)
            try:
                call_command("loaddata", str(extracted / DATABASE), verbosity=0)
            finally:
                _restoring.reset(token)
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest.files:
            if name.startswith(MEDIA_PREFIX):
                target = media_root / name.removeprefix(MEDIA_PREFIX)
                target.parent.mkdir(parents=True, exist_ok=True)
                (extracted / name).replace(target)
    refresh_statistics()  # the restored volumes, not the empty tables, for the planner
    backup_restored.send(sender=Manifest, manifest=manifest)
    return manifest
