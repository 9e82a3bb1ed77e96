"""This app's part of a person's data export (GDPR Art. 15/20) and of erasure (Art. 17).

`accounts.privacy` has no registry for other apps yet. Until it calls `personal_data` and
`erase` itself, erasure is caught by a receiver (`receivers.on_user_saved`): when the account
row is saved in its erased form, follows, notifications and settings are deleted. The export
already lists the rows through its generic "referenced_by" section; `personal_data` gives the
readable form.
"""

from __future__ import annotations

from typing import Any

from .models import Follow, Notification, NotificationSettings
from .services import notifications_erase


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user) -> dict[str, Any]:
    settings_row = NotificationSettings.objects.filter(user=user).first()
    return {
        "notification_settings": {
            "frequency": settings_row.frequency if settings_row else None,
            "last_digest_at": _iso(settings_row.last_digest_at) if settings_row else None,
        },
        "follows": [
            {
                "type": row.content_type.model,
                "id": row.object_id,
                "since": _iso(row.created_at),
            }
            for row in Follow.objects.filter(user=user)
            .select_related("content_type")
            .order_by("created_at")
        ],
        "notifications": [
            {
                "verb": row.verb,
                "summary": row.summary,
                "url": row.url,
                "object": row.target_label,
                "actor": row.actor_label,
                "created_at": _iso(row.created_at),
                "read_at": _iso(row.read_at),
                "emailed_at": _iso(row.emailed_at),
            }
            for row in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
    }


def erase(user) -> None:
    notifications_erase(user=user)
