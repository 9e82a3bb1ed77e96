"""Demo content of the strategies app: the Lippe reference blueprint (idempotent)."""

from __future__ import annotations

from .blueprints import BlueprintResult, blueprint_load

DEMO_BLUEPRINTS = ("lippe",)


def load_demo_content() -> list[BlueprintResult]:
    """Load every shipped reference blueprint; a second run changes nothing.

    Needs the networks of `regions.demo.load_demo_content()`.
    """
    return [blueprint_load(key) for key in DEMO_BLUEPRINTS]
