"""Domain errors of the strategies app. Messages are German: views show them as they are."""

from django.core.exceptions import ValidationError


class StrategyError(ValidationError):
    """A rule of the strategy domain refused the change; nothing was saved."""


class TransitionNotAllowed(StrategyError):
    """The requested status does not follow the current one (see `STATUS_TRANSITIONS`)."""


class NothingToPublish(StrategyError):
    """The strategy is unchanged since its latest published version."""


class ItemInUse(StrategyError):
    """An item cannot be deleted (or restored) because other items depend on that."""
