"""Forms of the event pages. They parse and check input; the services check it again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.accounts.models import User
from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import Municipality
from blaupause.strategies.models import Measure

from .constants import Audience, EventFormat

MARKDOWN_HINT = _("Markdown ist möglich: **fett**, *kursiv*, Listen mit „-“, Links.")
DATETIME_ERRORS = {
    "invalid": _("Bitte geben Sie Datum und Uhrzeit ein, z. B. 31.12.2026 10:00."),
    "required": _("Bitte geben Sie Datum und Uhrzeit ein."),
}
CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}
MULTI_CHOICE_ERRORS = {
    "invalid_choice": _("Bitte wählen Sie nur angebotene Einträge."),
    "invalid_pk_value": _("Bitte wählen Sie nur angebotene Einträge."),
}
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y, %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; typed German dates work as well."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=DATETIME_INPUT_FORMATS,
        error_messages=DATETIME_ERRORS,
        help_text=help_text,
    )


class MunicipalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.key} {obj.title} ({obj.strategy.title})"


class EventForm(KernFormMixin, forms.Form):
    """Create or change an event. Times are entered in Europe/Berlin (the site's zone)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, error_messages=CHOICE_ERRORS
    )
    starts_at = _datetime_field(_("Beginn"), help_text=_("Deutsche Zeit (Europe/Berlin)."))
    ends_at = _datetime_field(_("Ende"))
    location_name = forms.CharField(
        label=_("Ort"),
        required=False,
        max_length=200,
        help_text=_("Für Präsenz und hybrid, z. B. „Rathaus Detmold, Sitzungssaal“."),
    )
    address = forms.CharField(
        label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    video_url = forms.URLField(
        label=_("Link zur Videokonferenz"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Sehen nur angemeldete Personen und die Organisation."),
        error_messages={
            "invalid": _("Bitte geben Sie eine vollständige Adresse ein, die mit https:// beginnt.")
        },
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HINT,
    )
    audience = forms.ChoiceField(
        label=_("Zielgruppe"), choices=Audience.choices, error_messages=CHOICE_ERRORS
    )
    # Not named like the model field: the conflict view compares plain values only.
    invite_municipalities = MunicipalityChoiceField(
        label=_("Eingeladene Kommunen"),
        queryset=Municipality.objects.none(),
        required=False,
        error_messages=MULTI_CHOICE_ERRORS,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Nur bei „nur eingeladene Personen“: Alle Mitglieder dieser Kommunen."),
    )
    invited_emails = forms.CharField(
        label=_("Eingeladene Personen (E-Mail-Adressen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Adresse je Zeile; die Personen brauchen ein Konto auf der Plattform."),
    )
    capacity = forms.IntegerField(
        label=_("Plätze"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leer lassen für unbegrenzt viele Plätze."),
        error_messages={
            "invalid": _("Bitte geben Sie eine ganze Zahl ein."),
            "min_value": _("Eine Veranstaltung hat mindestens einen Platz."),
            "max_value": _("Höchstens 100.000 Plätze."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    registration_deadline = _datetime_field(_("Anmeldeschluss"), required=False)
    registration_open = forms.BooleanField(label=_("Anmeldung möglich"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, municipality_choices=None, event=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if event is not None:
            initial = {**initial_from(event), **initial}
        else:
            initial = {"registration_open": True, **initial}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["invite_municipalities"].queryset = (
            municipality_choices
            if municipality_choices is not None
            else Municipality.objects.none()
        )

    def clean_invited_emails(self):
        raw = self.cleaned_data.get("invited_emails") or ""
        emails = sorted(
            {line.strip().lower() for line in raw.replace(",", "\n").splitlines()} - {""}
        )
        users = list(User.objects.filter(email__in=emails, is_active=True))
        found = {user.email.lower() for user in users}
        missing = [email for email in emails if email not in found]
        if missing:
            raise forms.ValidationError(
                _("Zu diesen Adressen gibt es kein Konto: %(emails)s")
                % {"emails": ", ".join(missing)}
            )
        self.cleaned_data["invited_users"] = users
        return "\n".join(emails)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        deadline = cleaned.get("registration_deadline")
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline", _("Der Anmeldeschluss darf nicht nach dem Beginn liegen.")
            )
        return cleaned

    def service_values(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("invited_emails", None)
        data["invited_users"] = self.cleaned_data.get("invited_users", [])
        data["invited_municipalities"] = list(data.pop("invite_municipalities", None) or [])
        return data


def initial_from(event) -> dict:
    return {
        "title": event.title,
        "format": event.format,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "location_name": event.location_name,
        "address": event.address,
        "video_url": event.video_url,
        "description": event.description,
        "audience": event.audience,
        "invite_municipalities": [m.pk for m in event.invited_municipalities.all()],
        "invited_emails": "\n".join(sorted(u.email for u in event.invited_users.all())),
        "capacity": event.capacity,
        "registration_deadline": event.registration_deadline,
        "registration_open": event.registration_open,
        "version": event.version,
    }


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Geht per E-Mail an alle Angemeldeten und an die Warteliste."),
        error_messages={"required": _("Bitte nennen Sie den Grund der Absage.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AgendaItemForm(KernFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    starts_at = forms.TimeField(
        label=_("Uhrzeit"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Bitte geben Sie eine Uhrzeit ein, z. B. 10:30.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = MeasureChoiceField(
        label=_("Maßnahmen"),
        queryset=Measure.objects.none(),
        required=False,
        error_messages=MULTI_CHOICE_ERRORS,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Maßnahmen einer Strategie, um die es in diesem Punkt geht."),
    )

    def __init__(self, *args, measure_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measure_choices is not None:
            self.fields["measures"].queryset = measure_choices


class RegistrationForm(KernFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Hinweis an die Organisation"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        help_text=_("Zum Beispiel: vegetarisches Essen, Barrierefreiheit."),
        error_messages={"max_length": _("Höchstens 500 Zeichen.")},
    )
