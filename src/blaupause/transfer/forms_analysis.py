"""The options of the transfer analysis page, read from the URL (GET): network, filter, sorting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.regions.models import Network

from .analysis import Recommendation
from .selectors_analysis import SORTS

SORT_CHOICES = [(name, name) for name in SORTS] + [(f"-{name}", f"-{name}") for name in SORTS]


class NetworkChoiceForm(forms.Form):
    """Which network's municipalities the analysis is for."""

    netzwerk = forms.ModelChoiceField(
        label=_("Netzwerk"),
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        help_text=_("Die Analyse prüft die Maßnahmen für die Mitgliedskommunen dieses Netzwerks."),
        error_messages={
            "required": _("Bitte wählen Sie ein Netzwerk aus."),
            "invalid_choice": _(
                "Dieses Netzwerk gibt es nicht. Bitte wählen Sie eines aus der Liste."
            ),
        },
    )


class AnalysisFilterForm(forms.Form):
    """Filter by recommendation and sort the table; unknown values are reported and ignored."""

    empfehlung = forms.ChoiceField(
        label=_("Empfehlung"),
        required=False,
        choices=[("", _("alle Empfehlungen")), *Recommendation.choices],
        error_messages={"invalid_choice": _("Diese Empfehlung gibt es nicht.")},
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[("", ""), *SORT_CHOICES],
        error_messages={"invalid_choice": _("Nach dieser Spalte lässt sich nicht sortieren.")},
    )

    def value(self, name: str) -> str:
        """The valid value of a field, or "" when it is missing or invalid."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""
