"""Forms of the consultation pages. They parse input; the services check it again.

Text limits are checked by the services, not by `max_length` here: a text that is too long
comes back with a German message and the whole text kept in the field.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin

from .constants import Outcome, Section

DATE_ERRORS = {
    "invalid": _("Bitte geben Sie ein gültiges Datum ein, z. B. 31.12.2026."),
    "required": _("Bitte geben Sie an, bis wann kommentiert werden kann."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last second of `day` in the site's time zone, as an aware datetime."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=zone)


class _Form(KernFormMixin, forms.Form):
    def apply_errors(self, error) -> None:
        """Put the messages of a service's ValidationError next to the matching fields."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class ConsultationOpenForm(_Form):
    ends_on = forms.DateField(
        label=_("Kommentieren möglich bis einschließlich"),
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    intro = forms.CharField(
        label=_("Einführung für die Teilnehmenden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Worum es in dieser Runde geht und wozu Rückmeldungen besonders helfen."),
    )

    def clean_ends_on(self):
        day = self.cleaned_data["ends_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Das Ende der Konsultation muss in der Zukunft liegen."))
        return day

    @property
    def ends_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("ends_on")
        return end_of_day(day) if day else None


class CommentForm(_Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    target = forms.UUIDField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Ihr Kommentar"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Höchstens 5.000 Zeichen. Ihr Name und Ihre Kommune werden angezeigt."),
        error_messages={"required": _("Bitte schreiben Sie Ihren Kommentar.")},
    )


class ReplyForm(_Form):
    text = forms.CharField(
        label=_("Ihre Antwort"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte schreiben Sie Ihre Antwort.")},
    )


class OutcomeForm(_Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis"),
        choices=[("", _("Bitte wählen")), *[c for c in Outcome.choices if c[0] != Outcome.OPEN]],
        error_messages={
            "required": _("Bitte wählen Sie ein Ergebnis."),
            "invalid_choice": _("Bitte wählen Sie ein Ergebnis."),
        },
    )
    outcome_reply = forms.CharField(
        label=_("Antwort der Koordination"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte begründen Sie das Ergebnis in einer kurzen Antwort.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReportForm(_Form):
    reason = forms.CharField(
        label=_("Warum sollte die Koordination diesen Beitrag prüfen?"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte geben Sie einen Grund für die Meldung an.")},
    )


class HideForm(_Form):
    hidden_reason = forms.CharField(
        label=_("Grund der Ausblendung (wird angezeigt)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte geben Sie an, warum der Beitrag ausgeblendet wird.")},
    )


class FilterForm(KernFormMixin, forms.Form):
    ergebnis = forms.ChoiceField(
        label=_("Ergebnis"), required=False, choices=[("", _("alle")), *Outcome.choices]
    )
    abschnitt = forms.ChoiceField(
        label=_("Abschnitt"), required=False, choices=[("", _("alle")), *Section.choices]
    )

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["ergebnis"], self.cleaned_data["abschnitt"]
