"""Extension points of the item services for other apps, without strategies depending on them.

An app registers a check in its `AppConfig.ready()`:

    hooks.register_reason_check(my_check)

`my_check(strategy, action)` answers whether a change of an item of `strategy` needs a reason
(`action` is one of CREATED, CHANGED, DELETED, RESTORED). The item services refuse such a
change without a reason; `reason_help(strategy)` gives the form a text that says why.
"""

from __future__ import annotations

from collections.abc import Callable

CREATED, CHANGED, DELETED, RESTORED = "added", "changed", "deleted", "restored"

ReasonCheck = Callable[[object, str], bool]
ReasonHelp = Callable[[object], str]

_reason_checks: list[ReasonCheck] = []
_reason_helps: list[ReasonHelp] = []


def register_reason_check(check: ReasonCheck, *, help_text: ReasonHelp | None = None) -> None:
    """Add a check (once, however often `ready()` runs) and optionally its help text."""
    if check not in _reason_checks:
        _reason_checks.append(check)
    if help_text is not None and help_text not in _reason_helps:
        _reason_helps.append(help_text)


def reason_required(strategy, action: str = CHANGED) -> bool:
    """Whether any registered check wants a reason for this change."""
    return any(check(strategy, action) for check in _reason_checks)


def reason_help(strategy) -> str:
    """The first non-empty help text of the registered checks (empty when none applies)."""
    for help_text in _reason_helps:
        text = help_text(strategy)
        if text:
            return str(text)
    return ""
