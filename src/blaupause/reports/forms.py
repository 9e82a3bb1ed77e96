from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReportFormat


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ReportFormat.choices,
        initial=ReportFormat.PDF,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
        error_messages={
            "required": _("Bitte wählen Sie ein Format."),
            "invalid_choice": _(
                "Dieses Format gibt es nicht. Bitte wählen Sie PDF, Word oder Markdown."
            ),
        },
    )
