"""Background tasks of the events app (run by `blaupause worker`): the mails to participants."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from django_tasks import task

from .constants import EVENT_TIME_ZONE, RegistrationStatus

logger = logging.getLogger(__name__)

#: The kinds of mail; each has `events/mail/<kind>_subject.txt` and `events/mail/<kind>.txt`.
MAIL_KINDS = ("confirmed", "waitlisted", "promoted", "reminder", "event_cancelled")


def _absolute_url(path: str) -> str:
    return f"{settings.BLAUPAUSE_BASE_URL.rstrip('/')}{path}"


def _waiting_position(registration) -> int | None:
    from .models import Registration

    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        registered_at__lt=registration.registered_at,
    ).count()
    return ahead + 1


def send_registration_mail(kind: str, registration) -> None:
    """One mail about an event to one registered person, plain text and HTML, in German."""
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE), timezone.override(EVENT_TIME_ZONE):
        context = {
            "event": event,
            "registration": registration,
            "person": registration.user,
            "url": _absolute_url(event.get_absolute_url()),
            "show_video": registration.status == RegistrationStatus.CONFIRMED
            and kind != "event_cancelled",
            "position": _waiting_position(registration),
            "site_name": settings.BLAUPAUSE_SITE_NAME,
            "operator": settings.BLAUPAUSE_OPERATOR,
        }
        subject = render_to_string(f"events/mail/{kind}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string(f"events/mail/{kind}.txt", context)
        html = render_to_string(
            "events/mail/message.html", {**context, "subject": subject, "text": text}
        )
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.user.email])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def send_registration_mails(kind: str, registration_ids: list[int]) -> int:
    """Send one kind of mail to each of these registrations; return how many went out.

    A failing address is logged and does not stop the others.
    """
    from .models import Registration

    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    registrations = Registration.objects.filter(pk__in=registration_ids).select_related(
        "event", "user"
    )
    sent = 0
    for registration in registrations:
        if not registration.user.email or not registration.user.is_active:
            continue
        try:
            send_registration_mail(kind, registration)
        except OSError as exc:  # smtplib errors are OSErrors
            logger.warning("event mail %s to %s failed: %s", kind, registration.user.email, exc)
        else:
            sent += 1
    return sent
