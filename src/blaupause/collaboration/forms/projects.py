"""Forms of the project pages. They parse and check input; the services check it again."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin
from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import Municipality, Network
from blaupause.strategies.models import Measure

from ..constants import AgreementStatus, CostSplit, DocumentKind, FundingStatus, WorkPackageStatus

MARKDOWN_HINT = _("Markdown ist möglich: **fett**, *kursiv*, Listen mit „-“, Links.")
CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}
MULTI_CHOICE_ERRORS = {
    "invalid_choice": _("Bitte wählen Sie nur angebotene Einträge."),
    "invalid_pk_value": _("Bitte wählen Sie nur angebotene Einträge."),
}
DATE_ERRORS = {"invalid": _("Bitte geben Sie ein gültiges Datum ein, z. B. 31.12.2027.")}
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label, *, required=False, help_text=""):
    errors = dict(DATE_ERRORS)
    errors["required"] = _("Bitte geben Sie ein Datum ein.")
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages=errors,
        help_text=help_text,
    )


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class GermanDecimalField(forms.DecimalField):
    """Accepts German numbers: "1.250,50", "1250,5", "12.000" and plain "1250.50"."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
            text = text.replace("%", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif _GROUPED.match(text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


def _money_field(label, *, max_value, help_text="", invalid=None):
    return GermanDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=max_value,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        error_messages={
            "invalid": invalid or _("Bitte geben Sie eine Zahl ein, z. B. 1250,50."),
            "min_value": _("Der Wert darf nicht negativ sein."),
            "max_value": _("Der Wert ist zu groß."),
            "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen."),
            "max_digits": _("Der Wert ist zu groß."),
        },
    )


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.key} {obj.title} ({obj.strategy.title})"


class _ProjectFields(KernFormMixin, forms.Form):
    """The fields a project has in both the create and the edit form."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    measure = MeasureChoiceField(
        label=_("Maßnahme"),
        queryset=Measure.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
        help_text=_(
            "Partnerkommunen, die zusagen, werden an dieser Maßnahme als „beteiligt“ eingetragen."
        ),
    )
    network = forms.ModelChoiceField(
        label=_("Netzwerk"),
        queryset=Network.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
        help_text=_("Die Koordination dieses Netzwerks kann das Projekt mit betreuen."),
    )
    summary = forms.CharField(
        label=_("Öffentliche Kurzbeschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HINT,
    )
    goal = forms.CharField(
        label=_("Ziel"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.CharField(
        label=_("Umfang"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = _date_field(_("Beginn"))
    ends_on = _date_field(_("Ende"))
    budget_total = _money_field(
        _("Gesamtbudget (Euro)"),
        max_value=999_999_999_999,
        invalid=_("Bitte geben Sie einen Betrag in Euro ein, z. B. 120000 oder 1250,50."),
    )
    funding_programme = forms.CharField(label=_("Förderprogramm"), required=False, max_length=200)
    funding_rate = _money_field(
        _("Förderquote (%)"),
        max_value=100,
        invalid=_("Die Förderquote liegt zwischen 0 und 100 Prozent."),
    )
    funding_status = forms.ChoiceField(
        label=_("Stand der Förderung"),
        choices=FundingStatus.choices,
        initial=FundingStatus.NONE,
        error_messages=CHOICE_ERRORS,
    )
    internal_notes = forms.CharField(
        label=_("Interne Notizen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sehen nur die Partnerkommunen, die Koordination und die Regionaladministration."
        ),
    )
    is_public = forms.BooleanField(
        label=_("Kurzbeschreibung öffentlich zeigen"),
        required=False,
        initial=True,
        help_text=_(
            "Ohne Haken sehen nur Beteiligte das Projekt; für alle anderen gibt es es nicht."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..selectors.projects import measure_choices, network_choices

        self.fields["measure"].queryset = measure_choices()
        self.fields["network"].queryset = network_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ProjectCreateForm(_ProjectFields):
    lead_municipality = MunicipalityChoiceField(
        label=_("Federführende Kommune"),
        queryset=Municipality.objects.none(),
        error_messages={
            **CHOICE_ERRORS,
            "required": _("Bitte wählen Sie die federführende Kommune."),
        },
    )
    partner_municipalities = MunicipalityMultipleChoiceField(
        label=_("Partnerkommunen einladen"),
        queryset=Municipality.objects.none(),
        required=False,
        error_messages=MULTI_CHOICE_ERRORS,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Mehrere mit Strg bzw. Cmd auswählen. Die Kommunen sagen selbst zu oder ab."),
    )
    field_order = ["title", "lead_municipality", "partner_municipalities", "measure", "network"]

    def __init__(self, *args, lead_choices, partner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_municipality"].queryset = lead_choices
        self.fields["partner_municipalities"].queryset = partner_choices
        self.order_fields(self.field_order)


class ProjectEditForm(VersionedFormMixin, _ProjectFields):
    def __init__(self, *args, project, **kwargs):
        self.instance = project
        initial = {
            name: getattr(project, name)
            for name in (
                "title",
                "measure",
                "network",
                "summary",
                "goal",
                "scope",
                "starts_on",
                "ends_on",
                "budget_total",
                "funding_programme",
                "funding_rate",
                "funding_status",
                "internal_notes",
                "is_public",
            )
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class InviteForm(KernFormMixin, forms.Form):
    municipality = MunicipalityChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        error_messages={**CHOICE_ERRORS, "required": _("Bitte wählen Sie eine Kommune.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = choices


class RespondForm(KernFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Antwort"),
        choices=[("accept", _("Zusagen")), ("decline", _("Absagen"))],
        widget=forms.RadioSelect,
        error_messages={
            **CHOICE_ERRORS,
            "required": _("Bitte wählen Sie, ob Ihre Kommune zusagt oder absagt."),
        },
    )
    message = forms.CharField(
        label=_("Nachricht an die Federführung"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CostSplitForm(KernFormMixin, forms.Form):
    """The split method and, for custom shares, one percent field per accepted partner."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    method = forms.ChoiceField(
        label=_("Kostenaufteilung"),
        choices=CostSplit.choices,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, project, partners, **kwargs):
        initial = {"version": project.version, "method": project.cost_split}
        for partner in partners:
            initial[f"share_{partner.pk}"] = partner.share
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.partners = partners
        for partner in partners:
            self.fields[f"share_{partner.pk}"] = GermanDecimalField(
                label=_("Anteil von %(municipality)s (%%)")
                % {"municipality": partner.municipality.name},
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                localize=True,
                error_messages={
                    "invalid": _("Bitte geben Sie eine Zahl ein, z. B. 33,33."),
                    "min_value": _("Der Anteil liegt zwischen 0 und 100 Prozent."),
                    "max_value": _("Der Anteil liegt zwischen 0 und 100 Prozent."),
                    "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen."),
                    "max_digits": _("Der Anteil liegt zwischen 0 und 100 Prozent."),
                },
            )
        # KernFormMixin styled the fields it saw; style the added ones too.
        for name, field in self.fields.items():
            if name.startswith("share_"):
                field.widget.attrs["class"] = "kern-form-input__input"
                field.widget.kern_class = "kern-form-input__input"

    def share_fields(self):
        return [self[f"share_{partner.pk}"] for partner in self.partners]

    def shares(self) -> dict[int, object]:
        return {
            partner.pk: self.cleaned_data.get(f"share_{partner.pk}") for partner in self.partners
        }


class AgreementStatusForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        label=_("Stand der Vereinbarung"),
        choices=AgreementStatus.choices,
        error_messages=CHOICE_ERRORS,
    )


class WorkPackageForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_municipality = MunicipalityChoiceField(
        label=_("Verantwortliche Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    due_on = _date_field(_("Fällig am"))
    status = forms.ChoiceField(
        label=_("Status"), choices=WorkPackageStatus.choices, error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_municipality"].queryset = owner_choices


class MilestoneForm(KernFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    due_on = _date_field(_("Geplant für"), required=True)
    reached_on = _date_field(_("Erreicht am"))


class DocumentForm(KernFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Leer lassen, um den Dateinamen zu verwenden."),
    )
    kind = forms.ChoiceField(
        label=_("Art"), choices=DocumentKind.choices, error_messages=CHOICE_ERRORS
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX) oder OpenDocument-Text (ODT)."),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
        },
    )

    def clean_file(self):
        from ..services.projects import document_upload_check

        upload = self.cleaned_data.get("file")
        _detected, problem = document_upload_check(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload
