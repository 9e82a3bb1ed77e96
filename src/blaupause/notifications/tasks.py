"""Background tasks of the notifications app (run by `blaupause worker`)."""

from django_tasks import task


@task()
def send_instant_mails(notification_ids: list[int]) -> int:
    """Mail fresh notifications to the people who want mails "sofort"."""
    from .services import instant_mails_send

    return instant_mails_send(notification_ids=notification_ids)
