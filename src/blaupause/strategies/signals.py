"""Signals of the strategies app for other apps that follow changes of items.

`item_changed` is sent inside the service's transaction, after an item was created, changed,
deleted or restored, with the keyword arguments `item`, `kind` (the `ItemKind`), `action`
(see `hooks`: "added", "changed", "deleted", "restored"), `actor`, `fields` (names of the
changed fields, empty for other actions) and `reason` (the text the editor gave, may be empty).
A receiver that raises rolls the change back.
"""

from django.dispatch import Signal

item_changed = Signal()
