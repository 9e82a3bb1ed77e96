"""Forms of the collaboration app: dismiss a synergy suggestion, turn it into a project."""

from django import forms
from django.utils.translation import gettext_lazy as _

REGION_CHOICE = "region"


class SuggestionDismissForm(forms.Form):
    """For whom to hide the suggestion (one of the person's municipalities, or the region's
    view) and why."""

    scope = forms.ChoiceField(label=_("Ausblenden für"))
    reason = forms.CharField(
        label=_("Grund"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel: „Wir haben schon einen Vertrag bis 2029.“"),
        error_messages={"required": _("Bitte nennen Sie kurz den Grund.")},
    )

    def __init__(self, *args, municipalities=(), regional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.ags, m.name) for m in municipalities]
        if regional:
            choices.append((REGION_CHOICE, _("Regionale Übersicht")))
        self.fields["scope"].choices = choices
        self.fields["scope"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine der angebotenen Möglichkeiten."
        )
        if len(choices) == 1:
            self.fields["scope"].initial = choices[0][0]
        self.municipalities = {m.ags: m for m in municipalities}

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Bitte nennen Sie kurz den Grund."))
        return reason

    def selected_municipality(self):
        """The chosen municipality, or None for the regional view."""
        scope = self.cleaned_data["scope"]
        return None if scope == REGION_CHOICE else self.municipalities[scope]


class SuggestionConvertForm(forms.Form):
    """Start a joint project from a suggestion: who leads it and what it is called."""

    lead = forms.ChoiceField(label=_("Federführende Kommune"))
    title = forms.CharField(
        label=_("Titel des Projekts"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie dem Projekt einen Titel.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [(m.ags, m.name) for m in municipalities]
        self.fields["lead"].error_messages["invalid_choice"] = _(
            "Bitte wählen Sie eine Ihrer Kommunen aus diesem Vorschlag."
        )
        if len(municipalities) == 1:
            self.fields["lead"].initial = municipalities[0].ags
        self.municipalities = {m.ags: m for m in municipalities}

    def selected_lead(self):
        return self.municipalities[self.cleaned_data["lead"]]
