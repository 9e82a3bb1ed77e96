"""Progress of a strategy's measures across municipalities, from the commitments app.

The commitments app owns commitments and the one roll-up rule; the strategy pages show its
roll-ups and adoption tables. This adapter asks for them only where that app provides them
(selectors and display components), so the strategy pages also work where it is not installed.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

ROLLUP_TEMPLATE = "commitments/components/rollup.html"
ADOPTION_TEMPLATE = "commitments/components/measure_adoption.html"


@cache
def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _selector(name: str, template: str):
    if not apps.is_installed("blaupause.commitments"):
        return None
    if importlib.util.find_spec("blaupause.commitments.selectors") is None:
        return None
    module = importlib.import_module("blaupause.commitments.selectors")
    function = getattr(module, name, None)
    if function is None or not _has_template(template):
        return None
    return function


def strategy_rollup(*, strategy, viewer, measures=None):
    """Roll-ups per field, goal and measure (`StrategyRollup`), or None where unavailable."""
    function = _selector("strategy_rollup", ROLLUP_TEMPLATE)
    if function is None:
        return None
    if measures is not None:
        return function(strategy=strategy, viewer=viewer, measures=measures)
    return function(strategy=strategy, viewer=viewer)


def measure_adoption(*, measure, viewer):
    """Who does a measure (`MeasureAdoption`: rows, roll-up, map), or None where unavailable."""
    function = _selector("measure_adoption", ADOPTION_TEMPLATE)
    if function is None:
        return None
    return function(measure=measure, viewer=viewer)
