"""Writes of knowledge articles: create, change, publish, attachments, adopt a best practice.

Every service checks the permission (`rules/articles.py`), validates completely before it
writes (German messages per field), detects concurrent edits (`save_versioned`), keeps the
history and records an audit event.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.commitments import services as commitment_services
from blaupause.commitments.constants import CommitmentRole, CommitmentStatus
from blaupause.commitments.filetypes import DetectedType, detect
from blaupause.commitments.models import Commitment
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.signals import activity
from blaupause.strategies.constants import StrategyStatus

from .. import constants
from ..constants import ArticleKind, ArticleStatus, Licence, Visibility
from ..models import Article, ArticleAttachment

if TYPE_CHECKING:
    from blaupause.regions.models import Municipality

__all__ = [
    "ATTACHMENT_TYPES",
    "AdoptResult",
    "article_create",
    "article_publish",
    "article_update",
    "attachment_add",
    "attachment_check",
    "attachment_delete",
    "attachment_limit_mb",
    "best_practice_adopt",
]

ARTICLE_DENIED = gettext_lazy(
    "Diesen Artikel ändern nur die Autorin oder der Autor, die Digitalverantwortlichen der "
    "Kommune und die Regionaladministration."
)
ADD_DENIED = gettext_lazy(
    "Artikel schreiben Personen mit einer Rolle in einer Kommune und die Regionaladministration."
)
ADOPT_DENIED = gettext_lazy(
    "Ein Praxisbeispiel übernehmen nur die Digitalverantwortlichen einer Kommune."
)
#: Allowed attachment types (content types as `filetypes.detect` reports them).
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
ATTACHMENT_TYPE_REFUSED = gettext_lazy(
    "Diese Datei können wir nicht annehmen. Erlaubt sind PDF, Word (DOCX), Excel (XLSX) und "
    "OpenDocument-Text (ODT). Der Dateityp wird am Inhalt erkannt, nicht am Namen."
)
MAX_ATTACHMENTS = 20
_TEXT_LIMITS = {"title": 250, "summary": 500, "tags": 500, "field_title": 200}
_EDITABLE = (
    "title",
    "kind",
    "summary",
    "body",
    "licence",
    "visibility",
    "measure",
    "tags",
    "field_title",
    "life_area_title",
)


def _history_user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _validate(values: dict) -> dict:
    """Check and normalise the editable fields; one ValidationError with every problem."""
    errors: dict[str, str] = {}
    for name in ("title", "summary", "body", "tags", "field_title", "life_area_title"):
        values[name] = (values.get(name) or "").strip()
    if not values["title"]:
        errors["title"] = _("Bitte geben Sie einen Titel ein.")
    for name, limit in {**_TEXT_LIMITS, "life_area_title": 200}.items():
        if len(values[name]) > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}
    if len(values["body"]) > constants.MAX_BODY_LENGTH:
        errors["body"] = _("Der Text ist zu lang: höchstens %(limit)s Zeichen.") % {
            "limit": f"{constants.MAX_BODY_LENGTH:,}".replace(",", ".")
        }
    if values["kind"] not in ArticleKind.values:
        errors["kind"] = _("Bitte wählen Sie eine der angebotenen Arten.")
    if values["licence"] not in Licence.values:
        errors["licence"] = _("Bitte wählen Sie eine der angebotenen Lizenzen.")
    if values["visibility"] not in Visibility.values:
        errors["visibility"] = _("Bitte wählen Sie, wer den Artikel sehen darf.")
    measure = values.get("measure")
    if measure is not None and (
        measure.deleted_at is not None or measure.strategy.status == StrategyStatus.DRAFT
    ):
        errors["measure"] = _("Bitte wählen Sie eine Maßnahme einer veröffentlichten Strategie.")
    if values["kind"] == ArticleKind.BEST_PRACTICE and measure is None:
        errors["measure"] = _(
            "Ein Praxisbeispiel gehört zu einer Maßnahme: bitte wählen Sie die Maßnahme aus."
        )
    if errors:
        raise ValidationError(errors)
    return values


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "artikel"
    slug, number = base, 2
    while Article.all_objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _region_for(actor, municipality):
    if municipality is not None:
        return municipality.district.region if municipality.district_id else None
    from blaupause.regions.models import Region

    region_ids = actor.roles.regional_admin_region_ids
    return Region.objects.filter(pk__in=region_ids).order_by("pk").first()


@transaction.atomic
def article_create(
    *,
    actor,
    municipality: Municipality | None,
    title: str,
    kind: str,
    summary: str = "",
    body: str = "",
    licence: str = Licence.CC_BY_4,
    visibility: str = Visibility.PUBLIC,
    measure=None,
    tags: str = "",
    field_title: str = "",
    life_area_title: str = "",
    is_demo: bool = False,
) -> Article:
    """Write a new article as a draft; members of the author municipality or regional admins.

    Raises PermissionDenied, or ValidationError (German, per field).
    """
    if not actor.has_perm("knowledge.add_article"):
        raise PermissionDenied(ADD_DENIED)
    if municipality is not None:
        roles = actor.roles
        if municipality.pk not in roles.member_municipality_ids and not (
            actor.is_superuser or roles.is_regional_admin
        ):
            raise PermissionDenied(ADD_DENIED)
    values = _validate(
        {
            "title": title,
            "kind": kind,
            "summary": summary,
            "body": body,
            "licence": licence,
            "visibility": visibility,
            "measure": measure,
            "tags": tags,
            "field_title": field_title,
            "life_area_title": life_area_title,
        }
    )
    if measure is not None and not values["field_title"] and measure.field_id:
        values["field_title"] = measure.field.title
    article = Article(
        **values,
        slug=_unique_slug(values["title"]),
        status=ArticleStatus.DRAFT,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_municipality=municipality,
        region=_region_for(actor, municipality),
        is_demo=is_demo,
    )
    article._history_user = _history_user(actor)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:  # a parallel article took the slug: try once more
        article.slug = _unique_slug(f"{values['title']}-{timezone.now():%H%M%S}")
        article.save()
    audit_record(
        actor=actor,
        verb="article.created",
        target=article,
        data={"kind": article.kind, "title": article.title},
        municipality_ags=municipality.ags if municipality is not None else "",
    )
    return article


@transaction.atomic
def article_update(*, actor, article: Article, expected_version: int, **changes) -> Article:
    """Change an article's texts and settings; author, CDOs of its municipality, regional
    admins. Fields left out keep their value. Raises PermissionDenied, ValidationError or
    EditConflict (someone saved since `expected_version`)."""
    if not actor.has_perm("knowledge.change_article", article):
        raise PermissionDenied(ARTICLE_DENIED)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    values = {name: changes.get(name, getattr(article, name)) for name in _EDITABLE}
    values = _validate(values)
    changed = [name for name, value in values.items() if getattr(article, name) != value]
    if not changed:
        return article
    for name, value in values.items():
        setattr(article, name, value)
    article._history_user = _history_user(actor)
    save_versioned(article, expected_version=expected_version)
    audit_record(actor=actor, verb="article.updated", target=article, data={"fields": changed})
    return article


@transaction.atomic
def article_publish(
    *, actor, article: Article, expected_version: int, publish: bool = True
) -> Article:
    """Publish a draft (or take it back to draft); as for changing it."""
    if not actor.has_perm("knowledge.publish_article", article):
        raise PermissionDenied(ARTICLE_DENIED)
    status = ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT
    if article.status == status:
        return article
    article.status = status
    if publish and article.published_at is None:
        article.published_at = timezone.now()
    article._history_user = _history_user(actor)
    save_versioned(article, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="article.published" if publish else "article.unpublished",
        target=article,
    )
    if publish and article.visibility == Visibility.PUBLIC and article.measure_id:
        measure, url = article.measure, article.get_absolute_url()
        summary = _("Neuer Wissensartikel zu %(measure)s: %(title)s") % {
            "measure": str(measure),
            "title": article.title,
        }
        transaction.on_commit(
            lambda: activity.send(
                sender=Article,
                target=measure,
                verb="article.published",
                actor=_history_user(actor),
                summary=summary,
                url=url,
                private=True,
            )
        )
    return article


# --- attachments -------------------------------------------------------------------------------


def attachment_limit_mb() -> str:
    mb = constants.MAX_ATTACHMENT_BYTES / (1024 * 1024)
    return f"{mb:g}".replace(".", ",")


def attachment_too_large_message() -> str:
    return _("Die Datei ist zu groß: höchstens %(limit)s MB. Bitte verkleinern Sie sie.") % {
        "limit": attachment_limit_mb()
    }


def attachment_check(upload) -> tuple[DetectedType | None, str]:
    """The type of an upload by its content, or a German message why it is refused."""
    if upload is None:
        return None, _("Bitte wählen Sie eine Datei aus.")
    if not upload.size:
        return None, _("Die Datei ist leer.")
    if upload.size > constants.MAX_ATTACHMENT_BYTES:
        return None, attachment_too_large_message()
    detected = detect(upload, getattr(upload, "name", "") or "")
    if detected is None or detected.content_type not in ATTACHMENT_TYPES:
        return None, str(ATTACHMENT_TYPE_REFUSED)
    return detected, ""


def _clean_file_name(name: str, extension: str) -> str:
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    name = name.strip(". ") or _("Anhang")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:180]}{extension}"


@transaction.atomic
def attachment_add(*, actor, article: Article, upload, title: str = "") -> ArticleAttachment:
    """Attach a PDF, DOCX, XLSX or ODT file to an article; as for changing it.

    The type is read from the content, never from the name; the download name gets the
    extension of the detected type. Raises PermissionDenied or ValidationError (German, at
    ``file`` or ``title``).
    """
    if not actor.has_perm("knowledge.change_article", article):
        raise PermissionDenied(ARTICLE_DENIED)
    Article.all_objects.select_for_update().filter(pk=article.pk).first()
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if len(title) > 200:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    detected, problem = attachment_check(upload)
    if problem:
        errors["file"] = problem
    elif article.attachments.count() >= MAX_ATTACHMENTS:
        errors["file"] = _("Ein Artikel hat höchstens %(limit)s Anhänge.") % {
            "limit": MAX_ATTACHMENTS
        }
    if errors:
        raise ValidationError(errors)
    original_name = _clean_file_name(getattr(upload, "name", ""), detected.extension)
    attachment = ArticleAttachment(
        article=article,
        title=title or original_name,
        original_name=original_name,
        content_type=detected.content_type,
        size=upload.size,
        uploaded_by=_history_user(actor),
    )
    upload.seek(0)
    attachment.file.save(f"anhang{detected.extension}", upload, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            verb="article.attachment_added",
            target=article,
            data={"name": original_name, "type": detected.content_type, "size": upload.size},
        )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: ArticleAttachment) -> ArticleAttachment:
    """Remove an attachment (soft: an admin can restore it); as for changing the article."""
    article = attachment.article
    if not actor.has_perm("knowledge.change_article", article):
        raise PermissionDenied(ARTICLE_DENIED)
    if attachment.deleted_at is None:
        attachment.deleted_at = timezone.now()
        attachment.save(update_fields=["deleted_at", "updated_at"])
        audit_record(
            actor=actor,
            verb="article.attachment_deleted",
            target=article,
            data={"name": attachment.original_name},
        )
    return attachment


# --- adopt a best practice ---------------------------------------------------------------------

CREATED, RAISED, UNCHANGED = "created", "raised", "unchanged"
_RANK = {CommitmentRole.INTERESTED: 0, CommitmentRole.PARTNER: 1, CommitmentRole.LEAD: 2}


@dataclass
class AdoptResult:
    commitment: Commitment
    outcome: str  # CREATED, RAISED or UNCHANGED


def adoptable(*, article: Article, municipality: Municipality) -> bool:
    """The article is a published best practice whose measure the municipality may commit to."""
    return bool(
        article.kind == ArticleKind.BEST_PRACTICE
        and article.is_published
        and article.measure_id
        and commitment_services.measure_is_available(
            municipality=municipality, measure=article.measure
        )
    )


@transaction.atomic
def best_practice_adopt(
    *, actor, article: Article, municipality: Municipality, role: str = CommitmentRole.INTERESTED
) -> AdoptResult:
    """Commit the municipality to the best practice's measure (planned, interested or
    partner), or raise an existing weaker commitment; CDOs of that municipality only.

    Raises PermissionDenied, or ValidationError (German) when the article is no published best
    practice or its measure is not available to the municipality.
    """
    if not actor.has_perm("knowledge.adopt_best_practice", municipality):
        raise PermissionDenied(ADOPT_DENIED)
    if role not in (CommitmentRole.INTERESTED, CommitmentRole.PARTNER):
        raise ValidationError({"role": _("Bitte wählen Sie „interessiert“ oder „beteiligt“.")})
    if article.kind != ArticleKind.BEST_PRACTICE or not article.is_published:
        raise ValidationError(_("Nur veröffentlichte Praxisbeispiele lassen sich übernehmen."))
    measure = article.measure
    if measure is None or not adoptable(article=article, municipality=municipality):
        raise ValidationError(
            _(
                "Die Maßnahme dieses Praxisbeispiels gehört zu keiner Strategie, an der "
                "%(municipality)s teilnimmt."
            )
            % {"municipality": municipality.name}
        )
    existing = (
        Commitment.objects.select_for_update()
        .filter(municipality=municipality, measure=measure)
        .first()
    )
    if existing is None:
        commitment = commitment_services.commitment_create(
            actor=actor,
            municipality=municipality,
            measure=measure,
            role=role,
            status=CommitmentStatus.PLANNED,
            note=_("Übernommen aus dem Praxisbeispiel „%(title)s“.") % {"title": article.title},
        )
        outcome = CREATED
    else:
        changes = {}
        if _RANK.get(existing.role, 0) < _RANK[role]:
            changes["role"] = role
        if existing.status == CommitmentStatus.DROPPED:
            changes["status"] = CommitmentStatus.PLANNED
        if changes:
            commitment = commitment_services.commitment_update(
                actor=actor, commitment=existing, expected_version=existing.version, **changes
            )
            outcome = RAISED
        else:
            commitment, outcome = existing, UNCHANGED
    audit_record(
        actor=actor,
        verb="article.adopted",
        target=article,
        data={"municipality": municipality.ags, "measure": measure.key, "outcome": outcome},
        municipality_ags=municipality.ags,
    )
    return AdoptResult(commitment=commitment, outcome=outcome)
