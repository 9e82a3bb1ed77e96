"""Who is on a workshop board in this request: an account's participant row, or an external
person's, remembered in the session after they used their one-time invitation link.

Contract used by every view of the app (board and outcome alike):

- ``participant_for(request, workshop) -> Participant | None`` — the participant of the
  request's user, or of the external person in this session; facilitators get a participant
  row on their first visit; None when the request may not take part.
- ``remember_external(request, participant)`` — after an invitation link was redeemed.
"""

from __future__ import annotations

from django.utils import timezone

from .models import Participant, Workshop

SESSION_KEY = "workshop_participants"


def participant_for(request, workshop: Workshop) -> Participant | None:
    user = request.user
    if getattr(user, "is_authenticated", False):
        participant = (
            workshop.participants.filter(user=user, removed_at__isnull=True)
            .select_related("municipality")
            .first()
        )
        if participant is None and user.has_perm("workshops.manage_workshop", workshop):
            participant, _ = Participant.objects.get_or_create(
                workshop=workshop,
                user=user,
                defaults={
                    "display_name": user.get_full_name() or user.email,
                    "joined_at": timezone.now(),
                },
            )
        if participant is not None and participant.joined_at is None:
            participant.joined_at = timezone.now()
            participant.save(update_fields=["joined_at"])
        return participant
    known = request.session.get(SESSION_KEY, {})
    participant_uuid = known.get(str(workshop.uuid))
    if not participant_uuid:
        return None
    return workshop.participants.filter(
        uuid=participant_uuid, user__isnull=True, removed_at__isnull=True
    ).first()


def remember_external(request, participant: Participant) -> None:
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(participant.workshop.uuid)] = str(participant.uuid)
    request.session[SESSION_KEY] = known
