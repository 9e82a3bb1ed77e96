"""The self-check form: per criterion a level for today and a target (0–4), note and evidence.

Built from the criteria of the set, so a later set with other criteria needs no code change.
Fields are optional here: the service decides what a draft and a submission need.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin

from .constants import LEVELS
from .services import MAX_EVIDENCE, MAX_NOTE, AnswerInput

LEVEL_ERROR = _("Bitte wählen Sie eine Stufe von 0 bis 4.")
ACTIVITY_CHOICES = [
    ("", _("– keine Angabe –")),
    ("0", _("0 – nicht vorhanden")),
    ("1", _("1 – erste Ansätze")),
    ("2", _("2 – im Aufbau")),
    ("3", _("3 – etabliert")),
    ("4", _("4 – weiterentwickelt und geteilt")),
]


def _choices(criterion) -> list[tuple[str, str]]:
    return [("", _("– bitte wählen –"))] + [
        (str(level), f"{level} – {criterion.level_text(level)}") for level in LEVELS
    ]


class AssessmentForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, criteria, instance=None, answers=None, life_areas=(), **kwargs):
        self.instance = instance
        self.criteria = list(criteria)
        self.life_areas = list(life_areas)
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["version"].required = False
        answers = answers or {}
        for criterion in self.criteria:
            code = criterion.code
            choices = _choices(criterion)
            errors = {"invalid_choice": LEVEL_ERROR}
            self.fields[f"{code}_current"] = forms.ChoiceField(
                label=_("Heute"), choices=choices, required=False, error_messages=errors
            )
            self.fields[f"{code}_target"] = forms.ChoiceField(
                label=_("In 2–3 Jahren"), choices=choices, required=False, error_messages=errors
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label=_("Notiz"),
                required=False,
                max_length=MAX_NOTE,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{code}_evidence"] = forms.CharField(
                label=_("Nachweis (z. B. Link oder Beschluss)"),
                required=False,
                max_length=MAX_EVIDENCE,
            )
            answer = answers.get(criterion.pk)
            if answer is not None and not self.is_bound:
                self.initial[f"{code}_current"] = "" if answer.current is None else answer.current
                self.initial[f"{code}_target"] = "" if answer.target is None else answer.target
                self.initial[f"{code}_note"] = answer.note
                self.initial[f"{code}_evidence"] = answer.evidence
        for area in self.life_areas:
            self.fields[f"la_{area.pk}"] = forms.ChoiceField(
                label=area.title,
                choices=ACTIVITY_CHOICES,
                required=False,
                error_messages={"invalid_choice": LEVEL_ERROR},
            )
            if area.level is not None and not self.is_bound:
                self.initial[f"la_{area.pk}"] = area.level
        for bound in self.fields.values():
            widget = bound.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "kern-form-input__select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "kern-form-input__input")

    def answer_inputs(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        return {
            c.code: AnswerInput(
                current=data.get(f"{c.code}_current"),
                target=data.get(f"{c.code}_target"),
                note=data.get(f"{c.code}_note", ""),
                evidence=data.get(f"{c.code}_evidence", ""),
            )
            for c in self.criteria
        }

    def life_area_inputs(self) -> dict[int, str]:
        return {area.pk: self.cleaned_data.get(f"la_{area.pk}") for area in self.life_areas}

    def life_area_fields(self):
        return [self[f"la_{area.pk}"] for area in self.life_areas]

    def bound(self, criterion):
        code = criterion.code
        return {
            "criterion": criterion,
            "current": self[f"{code}_current"],
            "target": self[f"{code}_target"],
            "note": self[f"{code}_note"],
            "evidence": self[f"{code}_evidence"],
        }


class StartForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Jahr"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].widget.attrs["class"] = "kern-form-input__select"


class ReopenForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Wird im Protokoll gespeichert, z. B. „Tippfehler bei Frage B3“."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "kern-form-input__input"}),
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)


class RegionalFilterForm(forms.Form):
    """Year, district and network of the regional view; unknown values are ignored."""

    jahr = forms.ChoiceField(label=_("Jahr"), required=False)
    kreis = forms.ChoiceField(label=_("Kreis"), required=False)
    netzwerk = forms.ChoiceField(label=_("Netzwerk"), required=False)

    def __init__(self, *args, years, districts=None, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(str(y), str(y)) for y in years]
        if districts is None:
            del self.fields["kreis"]
        else:
            self.fields["kreis"].choices = [("", _("alle Kreise"))] + [
                (d.slug, d.name) for d in districts
            ]
        if networks is None:
            del self.fields["netzwerk"]
        else:
            self.fields["netzwerk"].choices = [("", _("alle Netzwerke"))] + [
                (n.slug, n.name) for n in networks
            ]
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "kern-form-input__select"
