"""Forms of the strategy pages. They parse what people type; the services decide what is valid."""

from .items import ItemForm, ReasonForm
from .parsing import parse_prerequisites, parse_references, parse_sources, parse_words
from .reading import CompareForm, MeasureFilterForm
from .strategy import PublishForm, RestoreForm, StatusForm, StrategyCreateForm, StrategyForm

__all__ = [
    "CompareForm",
    "ItemForm",
    "MeasureFilterForm",
    "PublishForm",
    "ReasonForm",
    "RestoreForm",
    "StatusForm",
    "StrategyCreateForm",
    "StrategyForm",
    "parse_prerequisites",
    "parse_references",
    "parse_sources",
    "parse_words",
]
