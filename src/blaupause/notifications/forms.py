"""Forms of the notifications app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Frequency


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-Mails zu dem, was Sie verfolgen"),
        choices=[
            (Frequency.INSTANT, _("sofort – eine E-Mail je Neuigkeit")),
            (Frequency.DAILY, _("täglich – eine Zusammenfassung am Tag")),
            (Frequency.WEEKLY, _("wöchentlich – eine Zusammenfassung in der Woche")),
            (Frequency.OFF, _("aus – nur hier auf der Plattform")),
        ],
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        error_messages={
            "required": _("Bitte wählen Sie, wie oft Sie E-Mails erhalten möchten."),
            "invalid_choice": _("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
        },
    )
