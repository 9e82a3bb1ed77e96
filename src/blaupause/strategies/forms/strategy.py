"""Forms for a strategy itself: texts and sources, a new strategy, status, publishing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from blaupause.core.concurrency import VersionedFormMixin

from ..constants import StrategyStatus
from ..models import Strategy
from ._base import KernStyled, add_service_errors
from .parsing import (
    format_sources,
    parse_sources,
)

# --- the strategy itself -----------------------------------------------------------------------


class StrategyForm(KernStyled, VersionedFormMixin, forms.Form):
    """Texts and sources of a strategy."""

    title = forms.CharField(label=gettext_lazy("Titel"), max_length=250)
    slogan = forms.CharField(label=gettext_lazy("Leitsatz"), max_length=300, required=False)
    vision = forms.CharField(
        label=gettext_lazy("Leitbild"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    preamble = forms.CharField(
        label=gettext_lazy("Präambel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Wie die Strategie entstand. Markdown ist erlaubt."),
    )
    reconstruction_notice = forms.CharField(
        label=gettext_lazy("Hinweis zur Rekonstruktion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Nur wenn der Originaltext nicht öffentlich ist: woraus diese Fassung entstand. "
            "Die Strategieseite zeigt den Hinweis gut sichtbar."
        ),
    )
    sources = forms.CharField(
        label=gettext_lazy("Quellen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Eine pro Zeile: „kennung | Titel | https://… | abgerufen“ (abgerufen optional)."
        ),
    )
    is_blueprint = forms.BooleanField(
        label=gettext_lazy("Als Blaupause für andere Netzwerke anbieten"), required=False
    )

    def __init__(self, *args, strategy: Strategy, may_set_blueprint: bool, **kwargs):
        self.instance = strategy
        super().__init__(*args, **kwargs)
        if not may_set_blueprint:
            del self.fields["is_blueprint"]
        if not self.is_bound:
            self.initial.update(
                {
                    "title": strategy.title,
                    "slogan": strategy.slogan,
                    "vision": strategy.vision,
                    "preamble": strategy.preamble,
                    "reconstruction_notice": strategy.reconstruction_notice,
                    "sources": format_sources(strategy.sources),
                    "is_blueprint": strategy.is_blueprint,
                }
            )

    def clean_sources(self):
        return parse_sources(self.cleaned_data.get("sources", ""))

    def values(self) -> dict[str, Any]:
        names = ("title", "slogan", "vision", "preamble", "reconstruction_notice", "sources")
        return {name: self.cleaned_data[name] for name in names}

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class StrategyCreateForm(KernStyled, forms.Form):
    owner = forms.ChoiceField(label=gettext_lazy("Für wen gilt die Strategie?"))
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=250)
    slogan = forms.CharField(label=gettext_lazy("Leitsatz"), max_length=300, required=False)

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners
        if len(owners) == 1:
            self.initial["owner"] = owners[0][0]

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class StatusForm(KernStyled, VersionedFormMixin, forms.Form):
    """Lifecycle step; the decision fields count only for "Beschlossen"."""

    to_status = forms.ChoiceField(label=gettext_lazy("Neuer Status"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Anmerkung zum Statuswechsel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    adopted_body = forms.CharField(
        label=gettext_lazy("Beschlossen durch"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("z. B. „Rat der Stadt Detmold“ oder „Bürgermeisterkonferenz Lippe“"),
    )
    adopted_on = forms.DateField(
        label=gettext_lazy("Beschlossen am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    adopted_reference = forms.URLField(
        label=gettext_lazy("Beschluss (Link)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("z. B. die Vorlage im Ratsinformationssystem"),
    )
    adopted_note = forms.CharField(
        label=gettext_lazy("Anmerkung zum Beschluss"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Pflicht, wenn das Datum nicht bekannt ist."),
    )

    DECISION_FIELDS = ("adopted_body", "adopted_on", "adopted_reference", "adopted_note")

    def __init__(self, *args, strategy: Strategy, allowed: list[str], **kwargs):
        self.instance = strategy
        super().__init__(*args, **kwargs)
        labels = dict(StrategyStatus.choices)
        self.fields["to_status"].choices = [(value, labels[value]) for value in allowed]
        if not self.is_bound:
            self.initial.update(
                {
                    "adopted_body": strategy.adopted_body,
                    "adopted_on": strategy.adopted_on,
                    "adopted_reference": strategy.adopted_reference,
                    "adopted_note": strategy.adopted_note,
                }
            )

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class PublishForm(KernStyled, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Was ist neu in dieser Version?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RestoreForm(forms.Form):
    version = forms.IntegerField(min_value=1)
