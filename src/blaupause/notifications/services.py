"""Writes of the notifications app: follow and unfollow, read, settings, fan-out and mails.

The fan-out (`activity_fan_out`) turns one `core.signals.activity` into notifications for the
followers of the target and of everything it belongs to (`chain.follow_chain`) with a fixed
number of queries, whatever the number of followers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blaupause.core.audit import audit_record
from blaupause.core.middleware import get_current_request

from .access import Visibility, preload_roles
from .chain import follow_chain
from .constants import DEFAULT_FREQUENCY, Frequency
from .models import Follow, Notification, NotificationSettings

__all__ = [
    "activity_fan_out",
    "digests_send",
    "follow_create",
    "follow_delete",
    "instant_mails_send",
    "notification_mark_read",
    "notifications_erase",
    "notifications_mark_all_read",
    "settings_update",
    "unsubscribe",
    "unsubscribe_token",
    "user_for_unsubscribe_token",
]

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "blaupause.notifications.unsubscribe"


def _require_login(actor) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Bitte melden Sie sich an."))


def _content_type(target: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(target, for_concrete_model=True)


# --- following -------------------------------------------------------------------------------


@transaction.atomic
def follow_create(*, actor, target: models.Model) -> Follow:
    """Follow `target`; only what the person may see. Following twice changes nothing."""
    _require_login(actor)
    if not Visibility(target).can_follow(actor):
        raise PermissionDenied(_("Diesem Eintrag können Sie nicht folgen."))
    content_type = _content_type(target)
    existing = Follow.objects.filter(
        user=actor, content_type=content_type, object_id=target.pk
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            follow = Follow.objects.create(
                user=actor, content_type=content_type, object_id=target.pk
            )
    except IntegrityError:  # a parallel click won
        return Follow.objects.get(user=actor, content_type=content_type, object_id=target.pk)
    audit_record(actor=actor, verb="follow.created", target=target)
    return follow


@transaction.atomic
def follow_delete(*, actor, follow: Follow) -> None:
    """Stop following; the person's own follows only."""
    _require_login(actor)
    if follow.user_id != actor.pk:
        raise PermissionDenied(_("Das ist nicht Ihr Abonnement."))
    follow.delete()
    audit_record(
        actor=actor,
        verb="follow.deleted",
        data={"type": follow.content_type.model, "id": follow.object_id},
    )


# --- reading ---------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    _require_login(actor)
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    _require_login(actor)
    return Notification.objects.filter(recipient=actor, read_at=None).update(read_at=timezone.now())


# --- settings --------------------------------------------------------------------------------


def _settings_for(user, *, lock: bool = False) -> NotificationSettings:
    rows = (
        NotificationSettings.objects.select_for_update() if lock else NotificationSettings.objects
    )
    row, _created = rows.get_or_create(user=user)
    return row


@transaction.atomic
def settings_update(*, actor, frequency: str, user=None) -> NotificationSettings:
    """Set how often `actor` gets mails. Switching mails on starts afresh: older
    notifications stay in-app only, so nobody gets a mail about months of backlog."""
    _require_login(actor)
    user = user or actor
    if user.pk != actor.pk:
        raise PermissionDenied
    if frequency not in Frequency.values:
        raise ValidationError(
            {"frequency": _("Bitte wählen Sie eine der angebotenen Möglichkeiten.")}
        )
    row = _settings_for(user, lock=True)
    if row.frequency == frequency:
        return row
    before = row.frequency
    if before == Frequency.OFF:
        row.last_digest_at = timezone.now()
    row.frequency = frequency
    row.save()
    audit_record(
        actor=actor, verb="notification_settings.updated", data={"frequency": [before, frequency]}
    )
    return row


def unsubscribe_token(user) -> str:
    """A signed token naming the person; it never expires (old mails keep working)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk}, compress=True)


def user_for_unsubscribe_token(token: str):
    """The person a token names, or None for a tampered, broken or stale token."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return get_user_model().objects.filter(pk=data["u"], is_active=True).first()


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch mails off for the person the token names; ValidationError for a bad token."""
    user = user_for_unsubscribe_token(token)
    if user is None:
        raise ValidationError(_("Dieser Abmeldelink ist ungültig oder unvollständig."))
    row = _settings_for(user, lock=True)
    if row.frequency != Frequency.OFF:
        before = row.frequency
        row.frequency = Frequency.OFF
        row.save()
        audit_record(
            actor=user,
            verb="notification_settings.unsubscribed",
            data={"frequency": [before, Frequency.OFF]},
        )
    return user


# --- fan-out ---------------------------------------------------------------------------------


def _label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return (actor.get_full_name() or "")[:255]


@transaction.atomic
def activity_fan_out(
    *,
    target: models.Model,
    verb: str,
    actor=None,
    summary="",
    url: str = "",
    private: bool = False,
) -> list[Notification]:
    """Notify the followers of `target` and of its chain (never the actor).

    Queries: the chain's parents (none when loaded), one for the followers with their mail
    frequency, one for their roles when `private`, one insert — the same for 1 or 500
    followers. Followers with mails "sofort" get theirs from a background task after commit.
    """
    keys = follow_chain(target)
    if not keys:
        return []
    condition = Q()
    for content_type_id, object_id in keys:
        condition |= Q(follows__content_type_id=content_type_id, follows__object_id=object_id)
    followers = get_user_model().objects.filter(condition, is_active=True)
    if getattr(actor, "pk", None) is not None:
        followers = followers.exclude(pk=actor.pk)
    users = list(
        followers.annotate(mail_frequency=F("notification_settings__frequency"))
        .order_by("pk")
        .distinct()
    )
    if private and users:
        visibility = Visibility(target, ignore_target_deleted=True)
        preload_roles(users)
        users = [user for user in users if visibility.can_see_private(user)]
    if not users:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        text = str(summary or verb)[:500]
        target_label = str(target)[:255]
    now = timezone.now()
    rows = [
        Notification(
            recipient=user,
            verb=verb[:100],
            summary=text,
            url=(url or "")[:500],
            target_type_id=keys[0][0],
            target_id=target.pk,
            target_label=target_label,
            actor_label=_label(actor),
            created_at=now,
        )
        for user in users
    ]
    created = Notification.objects.bulk_create(rows)
    instant = [
        row.pk
        for row, user in zip(created, users, strict=True)
        if (user.mail_frequency or DEFAULT_FREQUENCY) == Frequency.INSTANT and row.pk
    ]
    if instant:
        from .tasks import send_instant_mails

        transaction.on_commit(lambda: send_instant_mails.enqueue(notification_ids=instant))
    return created


# --- mails -----------------------------------------------------------------------------------


def _absolute_url(path: str) -> str:
    if not path or not path.startswith("/"):
        return path
    request = get_current_request()
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.BLAUPAUSE_BASE_URL.rstrip('/')}{path}"


@dataclass
class TargetGroup:
    label: str
    entries: list = field(default_factory=list)


def _groups(notifications: Iterable[Notification]) -> list[TargetGroup]:
    """Notifications by target, newest target first, entries newest first."""
    groups: dict[tuple, TargetGroup] = {}
    for row in sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True):
        key = (row.target_type_id, row.target_id)
        group = groups.setdefault(key, TargetGroup(label=row.target_label or row.summary))
        group.entries.append(
            {
                "summary": row.summary,
                "actor": row.actor_label,
                "created_at": row.created_at,
                "url": _absolute_url(row.url),
            }
        )
    return list(groups.values())


def _send(user, notifications: list[Notification], *, digest: str = "") -> bool:
    """One mail to `user` about `notifications`; False when the mail server refused."""
    unsubscribe_url = _absolute_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "groups": _groups(notifications),
            "count": len(notifications),
            "digest": digest,
            "first": notifications[0] if len(notifications) == 1 and not digest else None,
            "unsubscribe_url": unsubscribe_url,
            "settings_url": _absolute_url(reverse("notifications:settings")),
            "list_url": _absolute_url(reverse("notifications:list")),
            "site_name": settings.BLAUPAUSE_SITE_NAME,
            "operator": settings.BLAUPAUSE_OPERATOR,
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors
        logger.warning("notification mail to user %s failed: %s", user.pk, exc)
        return False
    return True


def _mark_emailed(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids, emailed_at=None).update(emailed_at=timezone.now())


def instant_mails_send(*, notification_ids: list[int]) -> int:
    """Mail the given notifications to recipients who want mails "sofort"; one mail each."""
    rows = (
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at=None, recipient__is_active=True
        )
        .annotate(mail_frequency=F("recipient__notification_settings__frequency"))
        .select_related("recipient")
        .order_by("recipient_id", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for row in rows:
        if (row.mail_frequency or DEFAULT_FREQUENCY) == Frequency.INSTANT:
            by_user.setdefault(row.recipient_id, []).append(row)
    sent = 0
    for notifications in by_user.values():
        if _send(notifications[0].recipient, notifications):
            _mark_emailed([row.pk for row in notifications])
            sent += 1
    return sent


def digests_send(*, frequency: str, now=None) -> int:
    """One mail per person with mails `frequency` about everything not mailed yet since the
    last digest; marks it mailed. Running it twice sends nothing the second time."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValidationError(_("Zusammenfassungen gibt es täglich oder wöchentlich."))
    now = now or timezone.now()
    user_model = get_user_model()
    chosen = Q(notification_settings__frequency=frequency)
    if frequency == DEFAULT_FREQUENCY:
        chosen |= Q(notification_settings__isnull=True)
    users = (
        user_model.objects.filter(chosen, is_active=True)
        .filter(notifications__emailed_at=None, notifications__created_at__lte=now)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in users:
        with transaction.atomic():
            row = _settings_for(user, lock=True)
            pending = Notification.objects.filter(
                recipient=user, emailed_at=None, created_at__lte=now
            )
            if row.last_digest_at:
                pending = pending.filter(created_at__gt=row.last_digest_at)
            notifications = list(pending.order_by("-created_at", "-pk"))
            if not notifications:
                continue
            if not _send(user, notifications, digest=frequency):
                continue
            _mark_emailed([n.pk for n in notifications])
            row.last_digest_at = now
            row.save(update_fields=["last_digest_at", "updated_at"])
            sent += 1
    return sent


# --- data protection -------------------------------------------------------------------------


@transaction.atomic
def notifications_erase(*, user) -> None:
    """Delete everything of this app about `user` (account erasure)."""
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
