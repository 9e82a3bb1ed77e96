"""Who is on a workshop board in this request: an account's participant row, or an external
person's, remembered in the session after they used their one-time invitation link.

Contract used by every view of the app (board and outcome alike):

- ``participant_for(request, workshop) -> Participant | None`` — the participant of the
  request's user, or of the external person in this session; facilitators get a participant
  row on their first visit; None when the request may not take part.
- ``remember_external(request, participant)`` — after an invitation link was redeemed.
- ``refusals_roll_back`` — decorator of every view that writes (POST): a refused request
  leaves nothing behind, in particular not the facilitator's participant row;
  ``refused(request)`` marks a request as refused that still answers with a redirect.
"""

from __future__ import annotations

from functools import wraps

from django.db import transaction
from django.utils import timezone

from .models import Participant, Workshop

SESSION_KEY = "workshop_participants"
#: Request attribute set by `refused()`.
REFUSED = "_workshop_refused"


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


def refusals_roll_back(view):
    """Run a POST (any unsafe method) of a workshop view in one transaction, rolled back when
    the request is refused: an exception (404, 403, …), an answer with status 400 or more, or a
    call of `refused()` by the view before it redirects with an error message.

    `participant_for` gives a facilitator (or regional admin) a participant row on their first
    request; thanks to the rollback it stays only when their action succeeded. Safe methods run
    as before, without a transaction (the live poll stays a single query)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return view(request, *args, **kwargs)
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            if response.status_code >= 400 or getattr(request, REFUSED, False):
                transaction.set_rollback(True)
        return response

    return wrapper


def refused(request) -> None:
    """Within a view decorated with `refusals_roll_back`: undo everything this request wrote
    once the view has answered (e.g. with a redirect and an error message)."""
    setattr(request, REFUSED, True)
