"""Forms of the commitments pages. They parse and check input; the services check it again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blaupause.core.forms import KernFormMixin

from .constants import CommitmentRole, CommitmentStatus
from .services import evidence_upload_check

PROGRESS_ERRORS = {
    "min_value": _("Der Fortschritt muss zwischen 0 und 100 Prozent liegen."),
    "max_value": _("Der Fortschritt muss zwischen 0 und 100 Prozent liegen."),
    "invalid": _("Der Fortschritt muss eine ganze Zahl von 0 bis 100 sein."),
}
DATE_ERRORS = {"invalid": _("Bitte geben Sie ein gültiges Datum ein, z. B. 31.12.2026.")}
CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, typed German dates work as well."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )


class _CommitmentFieldsMixin(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"), choices=CommitmentRole.choices, error_messages=CHOICE_ERRORS
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=CommitmentStatus.choices, error_messages=CHOICE_ERRORS
    )
    progress = forms.IntegerField(
        label=_("Fortschritt in %"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages=PROGRESS_ERRORS,
        help_text=_("0 bis 100. Bei „umgesetzt“ zählt immer 100 %."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    start_date = _date_field(_("Beginn"))
    end_date = _date_field(_("Ende"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        if cleaned.get("status") == CommitmentStatus.DONE:
            cleaned["progress"] = 100
        if cleaned.get("progress") is None and "progress" not in self.errors:
            cleaned["progress"] = 0
        return cleaned

    def commitment_values(self) -> dict:
        """The cleaned values the services take (without the version)."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in ("version",)
        }


def initial_from(commitment) -> dict:
    """Initial form values from a stored commitment."""
    if commitment is None:
        return {}
    return {
        "role": commitment.role,
        "status": commitment.status,
        "progress": commitment.progress,
        "start_date": commitment.start_date,
        "end_date": commitment.end_date,
        "responsible_person": commitment.responsible_person,
        "note": commitment.note,
        "evidence": commitment.evidence,
        "is_public": commitment.is_public,
        "version": commitment.version,
    }


class CommitmentForm(KernFormMixin, _CommitmentFieldsMixin):
    """The full form of one commitment."""

    responsible_person = forms.CharField(
        label=_("Verantwortlich"),
        required=False,
        max_length=200,
        help_text=_("Name oder Funktion, z. B. „Fachbereich 1, Digitalisierung“."),
    )
    note = forms.CharField(
        label=_("Anmerkung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Nachweise"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Was ist erreicht? Links zu Beschlüssen, Berichten oder Veröffentlichungen, "
            "eine Angabe je Zeile."
        ),
    )
    is_public = forms.BooleanField(
        label=_("öffentlich sichtbar"),
        required=False,
        help_text=_(
            "Interne Beteiligungen sehen nur Ihre Kommune und die Regionaladministration; "
            "sie zählen nicht in öffentlichen Zahlen."
        ),
    )

    field_order = [
        "status",
        "role",
        "progress",
        "start_date",
        "end_date",
        "responsible_person",
        "evidence",
        "note",
        "is_public",
    ]

    def __init__(self, *args, initial=None, **kwargs):
        initial = {"is_public": True, **(initial or {})}
        super().__init__(*args, initial=initial, **kwargs)


class RowForm(KernFormMixin, _CommitmentFieldsMixin):
    """One row of the bulk editor: role, status, progress and dates.

    Without a commitment the status may stay empty ("keine Beteiligung"): nothing is created.
    """

    def __init__(self, *args, commitment=None, **kwargs):
        kwargs.setdefault("initial", initial_from(commitment))
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if commitment is None:
            self.fields["status"].required = False
            self.fields["status"].choices = [
                ("", _("– keine Beteiligung –")),
                *CommitmentStatus.choices,
            ]
            self.initial.setdefault("role", CommitmentRole.PARTNER)
        self.fields["progress"].help_text = ""

    @property
    def wants_nothing(self) -> bool:
        """No commitment yet and no status chosen: the row is left as it is."""
        return self.commitment is None and not self.cleaned_data.get("status")


class IndicatorValueForm(KernFormMixin, forms.Form):
    indicator = forms.TypedChoiceField(
        label=_("Kennzahl"), coerce=str, error_messages=CHOICE_ERRORS
    )
    recorded_on = forms.DateField(
        label=_("Stichtag"), widget=DateInput(), error_messages=DATE_ERRORS
    )
    value = forms.DecimalField(
        label=_("Wert"),
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages={
            "invalid": _("Bitte geben Sie eine Zahl ein, z. B. 12 oder 12,5."),
            "max_digits": _("Die Zahl ist zu groß."),
            "max_decimal_places": _("Höchstens zwei Nachkommastellen."),
            "max_whole_digits": _("Die Zahl ist zu groß."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Anmerkung"), required=False, max_length=300)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(indicator.uuid): indicator for indicator in indicators}
        self.fields["indicator"].choices = [
            (key, f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name)
            for key, indicator in self.indicators.items()
        ]
        self.initial.setdefault("recorded_on", timezone.localdate())

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]

    def clean_recorded_on(self):
        value = self.cleaned_data["recorded_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Der Stichtag darf nicht in der Zukunft liegen."))
        return value


class FilterForm(forms.Form):
    """Filters of the dashboards; every one is part of the URL. Invalid values are ignored."""

    handlungsfeld = forms.ChoiceField(label=_("Handlungsfeld"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    kreis = forms.ChoiceField(label=_("Kreis"), required=False)

    def __init__(
        self, *args, fields=(), municipalities=None, districts=None, with_none=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", _("Alle Handlungsfelder")), *fields]
        statuses = [("", _("Alle Status")), *CommitmentStatus.choices]
        if with_none:
            statuses.append(("none", _("noch keine Beteiligung")))
        self.fields["status"].choices = statuses
        if municipalities is None:
            del self.fields["kommune"]
        else:
            self.fields["kommune"].choices = [("", _("Alle Kommunen")), *municipalities]
        if districts is None:
            del self.fields["kreis"]
        else:
            self.fields["kreis"].choices = [("", _("Alle Kreise")), *districts]
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "kern-form-input__select"

    def values(self) -> dict[str, str]:
        """The valid filters; anything unknown counts as "all"."""
        if not self.is_bound:
            return {name: "" for name in self.fields}
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class EvidenceFileForm(KernFormMixin, forms.Form):
    """Upload one evidence file. Type (by content) and size are checked here and again by
    `services.evidence_file_add`."""

    file = forms.FileField(
        label=_("Datei"),
        widget=forms.FileInput,
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
            "missing": _("Bitte wählen Sie eine Datei aus."),
        },
        help_text=_(
            "PDF, PNG, JPEG, Office-Dokumente (Word, Excel, PowerPoint, OpenDocument) oder "
            "reiner Text/CSV, höchstens %(limit)s MB."
        ),
    )
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=200,
        help_text=_("Wofür steht die Datei, z. B. „Ratsbeschluss vom 12.03.2026“."),
        error_messages={"max_length": _("Höchstens 200 Zeichen.")},
    )

    def __init__(self, *args, limit_mb="10", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit_mb}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _detected, problem = evidence_upload_check(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
