"""Forms of the expert finder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin


class ExpertFinderForm(forms.Form):
    thema = forms.CharField(label=_("Thema"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].widget.attrs.update(
            {"class": "kern-form-input__input", "type": "search"}
        )

    def topic(self) -> str:
        if not self.is_bound:
            return ""
        if not self.is_valid():
            return ""
        return self.cleaned_data["thema"] or ""


class ExpertListingForm(KernFormMixin, forms.Form):
    """Opt in to (or out of) the expert finder."""

    listed = forms.BooleanField(
        label=_("Ja, ich möchte im Expertenverzeichnis erscheinen."),
        required=False,
        help_text=_(
            "Angemeldete Personen mit einer Rolle in der Region sehen dann Ihren Namen, Ihre "
            "Kommune, Ihre Themen und Ihren Hinweis zur Kontaktaufnahme. Sie können die "
            "Zustimmung jederzeit hier zurücknehmen; Ihr Eintrag verschwindet dann sofort."
        ),
    )
    topics = forms.CharField(
        label=_("Themen, zu denen ich ansprechbar bin"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel „E-Akte, Ratsinformationssystem, Onlinezugangsgesetz“."),
        error_messages={"max_length": _("Höchstens 500 Zeichen.")},
    )
    contact_note = forms.CharField(
        label=_("Hinweis zur Kontaktaufnahme"),
        required=False,
        max_length=300,
        help_text=_("Zum Beispiel „Am besten per E-Mail an digital@beispielstadt.de“."),
        error_messages={"max_length": _("Höchstens 300 Zeichen.")},
    )
