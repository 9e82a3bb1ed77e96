"""Reads of the notifications app for its pages, the header and the follow button.

Every list reads a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from .access import Visibility
from .constants import DEFAULT_FREQUENCY, FOLLOWABLE
from .models import Follow, Notification, NotificationSettings

__all__ = [
    "FollowRow",
    "follow_get",
    "follow_of",
    "followable_get",
    "follows_of",
    "is_following",
    "notification_get",
    "notifications_of",
    "settings_of",
    "target_key",
    "unread_count",
]

_REQUEST_CACHE = "_notifications_unread_count"
#: Parents that `get_absolute_url` of followable objects reads (a measure's strategy slug).
_URL_PARENTS = ("strategy", "measure", "workshop", "consultation")


def unread_count(request) -> int:
    """Unread notifications of the logged-in person: one query per request, none when
    logged out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, _REQUEST_CACHE, None)
    if cached is None:
        cached = Notification.objects.filter(recipient=user, read_at=None).count()
        setattr(request, _REQUEST_CACHE, cached)
    return cached


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    row = Notification.objects.filter(recipient=user, pk=pk).first()
    if row is None:
        raise Http404
    return row


def settings_of(*, user) -> NotificationSettings:
    """The stored settings, or unsaved defaults."""
    row = NotificationSettings.objects.filter(user=user).first()
    return row or NotificationSettings(user=user, frequency=DEFAULT_FREQUENCY)


def target_key(obj: models.Model) -> str:
    """How the follow URLs name a followable object's type, e.g. "strategies.strategy"."""
    return obj._meta.label_lower


def followable_get(*, user, key: str, pk: int) -> models.Model:
    """A followable object the person may see; 404 for anything else."""
    if key not in FOLLOWABLE:
        raise Http404
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError):
        raise Http404 from None
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None or not Visibility(obj).can_follow(user):
        raise Http404
    return obj


def follow_of(*, user, obj: models.Model) -> Follow | None:
    """The person's follow of `obj`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return (
        Follow.objects.filter(user=user, content_type=content_type, object_id=obj.pk)
        .select_related("content_type")
        .first()
    )


def is_following(*, user, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return Follow.objects.filter(user=user, content_type=content_type, object_id=obj.pk).exists()


def follow_get(*, user, pk: int) -> Follow:
    row = Follow.objects.filter(user=user, pk=pk).select_related("content_type").first()
    if row is None:
        raise Http404
    return row


@dataclass
class FollowRow:
    follow: Follow
    kind: str
    label: str
    url: str
    available: bool


def follows_of(*, user) -> list[FollowRow]:
    """What the person follows, newest first, with a label and a link per target.

    One query for the follows and one per kind of target (at most a handful), not per row.
    Targets that were deleted or are no longer visible show as "nicht mehr verfügbar" so
    that the person can still unfollow them.
    """
    from django.utils.translation import gettext as _

    follows = list(
        Follow.objects.filter(user=user).select_related("content_type").order_by("-created_at")
    )
    ids_by_type: dict[int, set[int]] = {}
    for row in follows:
        ids_by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    objects: dict[tuple[int, int], models.Model] = {}
    for content_type_id, ids in ids_by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None:
            continue
        related = [
            field.name
            for field in model._meta.concrete_fields
            if field.is_relation and field.name in _URL_PARENTS
        ]
        for obj in model._default_manager.filter(pk__in=ids).select_related(*related):
            objects[(content_type_id, obj.pk)] = obj
    rows = []
    for row in follows:
        obj = objects.get((row.content_type_id, row.object_id))
        model = row.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else row.content_type.model
        if obj is None or getattr(obj, "deleted_at", None) is not None:
            rows.append(FollowRow(row, kind, _("nicht mehr verfügbar"), "", False))
            continue
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        rows.append(FollowRow(row, kind, str(obj), url, True))
    return rows
