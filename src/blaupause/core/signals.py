"""Signals shared across apps.

`activity` is sent by services after something a person may follow happened: a changed
measure, a new comment, a decision, a registration. The notifications app turns it into
in-app notifications and e-mail digests for the followers; senders do not import it.

Keyword arguments:

- ``target``: the model instance the activity is about (a strategy, measure, event, network,
  workshop …); followers of it — and of the objects it belongs to, see
  ``notifications.follow_chain`` — are notified.
- ``verb``: a dotted name, e.g. ``"measure.updated"``, ``"comment.created"``,
  ``"decision.recorded"``, ``"registration.created"``.
- ``actor``: the user who acted (never notified about their own activity), or None.
- ``summary``: one German sentence for people, e.g. "Neuer Kommentar zu M1.2 …" (plain text;
  lazily translated strings are fine).
- ``url``: the absolute path to look at it, e.g. ``measure.get_absolute_url()``.
- ``private``: True when only people who may see the target should hear of it (drafts,
  internal events); the receiver then checks ``view`` permission per follower.
"""

from django.dispatch import Signal

activity = Signal()
