"""Forms of the reading pages: filters of the strategy page, choice of versions to compare."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ._base import KernStyled

# --- reading ----------------------------------------------------------------------------------


class CompareForm(KernStyled, forms.Form):
    """Which two versions to compare: `?von=1&zu=2`."""

    _errors = {
        "invalid_choice": gettext_lazy("Diese Version gibt es nicht."),
        "required": gettext_lazy("Bitte wählen Sie eine Version."),
    }
    von = forms.TypedChoiceField(
        label=gettext_lazy("Ältere Version"), coerce=int, error_messages=_errors
    )
    zu = forms.TypedChoiceField(
        label=gettext_lazy("Neuere Version"), coerce=int, error_messages=_errors
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Version %(n)d") % {"n": number}) for number in numbers]
        self.fields["von"].choices = choices
        self.fields["zu"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("von") is not None and data.get("von") == data.get("zu"):
            raise ValidationError(_("Bitte wählen Sie zwei verschiedene Versionen."))
        return data


class MeasureFilterForm(KernStyled, forms.Form):
    """The filters of the strategy page; every one is part of the URL."""

    feld = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"), required=False)
    lebensbereich = forms.ChoiceField(label=gettext_lazy("Lebensbereich"), required=False)
    ziel = forms.ChoiceField(label=gettext_lazy("Ziel"), required=False)
    umsetzung = forms.ChoiceField(label=gettext_lazy("Umsetzung"), required=False)
    suche = forms.CharField(label=gettext_lazy("Suche"), required=False, max_length=200)

    def __init__(self, *args, content, with_adoption: bool, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("alle"))]
        self.fields["feld"].choices = every + [
            (item.key, f"{item.key} {item.title}") for item in content.fields
        ]
        self.fields["lebensbereich"].choices = every + [
            (item.key, item.title) for item in content.life_areas
        ]
        self.fields["ziel"].choices = every + [
            (item.key, f"{item.key} {item.title}") for item in content.goals
        ]
        if with_adoption:
            from ..selectors import ADOPTION_DONE, ADOPTION_NONE, ADOPTION_SOME

            self.fields["umsetzung"].choices = [
                *every,
                (ADOPTION_SOME, _("mit Beteiligung von Kommunen")),
                (ADOPTION_DONE, _("in mindestens einer Kommune umgesetzt")),
                (ADOPTION_NONE, _("noch ohne Beteiligung")),
            ]
        else:
            del self.fields["umsetzung"]

    def filters(self):
        """The valid filters; an invalid one (an unknown key in the URL) is left out."""
        from ..selectors import MeasureFilters

        if not self.is_bound:
            return MeasureFilters()
        self.is_valid()
        data = self.cleaned_data
        return MeasureFilters(
            field=data.get("feld") or "",
            life_area=data.get("lebensbereich") or "",
            goal=data.get("ziel") or "",
            adoption=data.get("umsetzung") or "",
            text=(data.get("suche") or "").strip(),
        )
