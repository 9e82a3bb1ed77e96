"""Forms of the workshop pages. They parse and check input; the services check it again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin

from .constants import MAX_CARD_LENGTH, MAX_DOTS, MIN_DOTS, Focus

CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker (sends ISO values)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class WorkshopForm(KernFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={
            "required": _("Bitte geben Sie dem Workshop einen Titel."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )
    question = forms.CharField(
        label=_("Leitfrage"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die Frage, zu der alle Ideen sammeln, z. B. „Was soll 2030 digital gehen?“"),
        error_messages={
            "required": _("Bitte formulieren Sie die Leitfrage."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )
    focus = forms.ChoiceField(
        label=_("Arbeitsphase"), choices=Focus.choices, error_messages=CHOICE_ERRORS
    )
    dots_per_person = forms.IntegerField(
        label=_("Punkte je Person"),
        min_value=MIN_DOTS,
        max_value=MAX_DOTS,
        initial=3,
        help_text=_("So viele Punkte verteilt jede Person beim Punkten."),
        error_messages={
            "required": _("Bitte geben Sie an, wie viele Punkte jede Person hat."),
            "invalid": _("Bitte eine ganze Zahl."),
            "min_value": _("Mindestens %(limit_value)s."),
            "max_value": _("Höchstens %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    scheduled_at = forms.DateTimeField(
        label=_("Termin"),
        required=False,
        widget=DateTimeInput(),
        error_messages={"invalid": _("Bitte geben Sie einen gültigen Termin ein.")},
    )
    event = forms.ModelChoiceField(
        label=_("Veranstaltung"),
        required=False,
        queryset=None,
        empty_label=_("– keine –"),
        error_messages={
            "invalid_choice": _("Bitte wählen Sie eine der angebotenen Veranstaltungen.")
        },
    )
    allow_anonymous = forms.BooleanField(
        label=_("Karten dürfen anonym erscheinen"),
        required=False,
        initial=True,
        help_text=_("Die Moderation sieht immer, wer eine Karte geschrieben hat."),
    )

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        if events is None or not events.exists():
            del self.fields["event"]


class WorkshopSettingsForm(WorkshopForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CardForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Ihre Idee"),
        # No max_length on the widget: a longer text gets a clear message and stays in the field.
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Idee je Karte, höchstens %(limit)s Zeichen.")
        % {"limit": MAX_CARD_LENGTH},
        error_messages={"required": _("Bitte schreiben Sie Ihre Idee auf die Karte.")},
    )
    anonymous = forms.BooleanField(
        label=_("anonym zeigen"),
        required=False,
        help_text=_("Die anderen sehen Ihren Namen nicht, die Moderation schon."),
    )

    def __init__(self, *args, allow_anonymous: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > MAX_CARD_LENGTH:
            raise forms.ValidationError(
                _(
                    "Eine Karte fasst höchstens %(limit)s Zeichen, Ihr Text hat %(length)s. "
                    "Bitte kürzen Sie ihn oder verteilen Sie ihn auf mehrere Karten."
                )
                % {"limit": MAX_CARD_LENGTH, "length": len(text)}
            )
        return text


class ClusterForm(KernFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Name der Gruppe"),
        max_length=200,
        error_messages={
            "required": _("Bitte geben Sie der Gruppe einen Namen."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )


class InviteAccountsForm(KernFormMixin, forms.Form):
    users = forms.MultipleChoiceField(
        label=_("Personen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOICE_ERRORS,
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Ganze Kommunen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alle Personen mit einer Rolle in der Kommune nehmen teil."),
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        people: dict[int, str] = {}
        places: dict[int, str] = {}
        for membership in memberships:
            people.setdefault(
                membership.user_id,
                f"{membership.user.get_full_name()} ({membership.municipality.name})",
            )
            places.setdefault(membership.municipality_id, membership.municipality.name)
        self.fields["users"].choices = [(str(k), v) for k, v in people.items()]
        self.fields["municipalities"].choices = [(str(k), v) for k, v in places.items()]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("users") and not cleaned.get("municipalities") and not self.errors:
            raise forms.ValidationError(
                _("Bitte wählen Sie mindestens eine Person oder eine Kommune aus.")
            )
        return cleaned


class InviteExternalForm(KernFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=100,
        help_text=_("So erscheint die Person auf dem Board, z. B. „Anna (Bürgerbeirat)“."),
        error_messages={
            "required": _("Bitte geben Sie einen Anzeigenamen an."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )
