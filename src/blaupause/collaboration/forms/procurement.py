"""Forms of the procurement plan pages. They parse input; the services check it again."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin
from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import District, Municipality

from ..constants import ProcurementCategory
from ..services.procurement import FIRST_YEAR, LAST_YEAR, MAX_VOLUME

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class EuroField(forms.Field):
    """An amount in euro as Germans type it: "12.500", "12.500,50", "12500 €"."""

    widget = forms.TextInput
    max_chars = 30

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "maxlength": "30"}

    def to_python(self, value):
        value = str(value).strip() if value is not None else ""
        if value in self.empty_values:
            return None
        if len(value) > self.max_chars:
            raise ValidationError(_("Bitte geben Sie einen Betrag in Euro ein."), code="invalid")
        text = value.replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("Bitte geben Sie einen Betrag in Euro ein, z. B. 25.000 oder 1.250,50."),
                code="invalid",
            ) from None
        if not amount.is_finite():
            raise ValidationError(_("Bitte geben Sie einen Betrag in Euro ein."), code="invalid")
        return amount


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MunicipalityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlanForm(KernFormMixin, VersionedFormMixin, forms.Form):
    """Record or change a procurement plan. `municipalities`: where the person may record one."""

    municipality = MunicipalityField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        to_field_name="ags",
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie die Kommune."),
            "invalid_choice": _("Für diese Kommune können Sie kein Vorhaben erfassen."),
        },
    )
    subject = forms.CharField(
        label=_("Gegenstand"),
        max_length=200,
        help_text=_("Was soll beschafft werden? Z. B. „Ratsinformationssystem einführen“."),
        error_messages={
            "required": _("Bitte geben Sie an, was beschafft werden soll."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )
    category = forms.ChoiceField(
        label=_("Kategorie"),
        choices=[("", _("Bitte wählen")), *ProcurementCategory.choices],
        error_messages={**CHOICE_ERRORS, "required": _("Bitte wählen Sie eine Kategorie.")},
    )
    planned_on = forms.DateField(
        label=_("Geplanter Zeitpunkt"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Wann die Beschaffung ungefähr ansteht, z. B. 01.03.2027."),
        error_messages={
            "required": _("Bitte geben Sie ein Datum ein, z. B. 01.03.2027."),
            "invalid": _("Bitte geben Sie ein gültiges Datum ein, z. B. 01.03.2027."),
        },
    )
    estimated_volume = EuroField(
        label=_("Geschätztes Volumen in Euro"),
        required=False,
        help_text=_("Grobe Schätzung genügt, z. B. 40.000."),
    )
    ozg_service = forms.CharField(
        label=_("OZG-Leistung"),
        required=False,
        max_length=200,
        help_text=_("Falls bekannt, z. B. „Wohngeld“ oder „Gewerbeanmeldung“."),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen.")},
    )
    product = forms.CharField(
        label=_("Software oder Produkt"),
        required=False,
        max_length=200,
        help_text=_("Falls schon bekannt."),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown ist möglich: **fett**, *kursiv*, Listen mit „-“, Links."),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen.")},
    )
    open_for_partners = forms.BooleanField(
        label=_("Andere Kommunen dürfen sich anschließen"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, municipalities=None, plan=None, **kwargs):
        self.instance = plan
        if plan is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "municipality": plan.municipality.ags,
                "subject": plan.subject,
                "category": plan.category,
                "planned_on": plan.planned_on,
                "estimated_volume": _format_euro(plan.estimated_volume),
                "ozg_service": plan.ozg_service,
                "product": plan.product,
                "description": plan.description,
                "open_for_partners": plan.open_for_partners,
            }
        super().__init__(*args, **kwargs)
        if plan is not None:
            # The municipality of a plan does not change.
            del self.fields["municipality"]
        else:
            del self.fields["version"]
            self.fields["municipality"].queryset = (
                municipalities if municipalities is not None else Municipality.objects.none()
            )

    def clean_planned_on(self):
        # Checked here as well, so that every mistake shows at once (the service checks again).
        value = self.cleaned_data["planned_on"]
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Bitte geben Sie ein Datum zwischen den Jahren %(first)s und %(last)s ein."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return value

    def clean_estimated_volume(self):
        value = self.cleaned_data["estimated_volume"]
        if value is not None and value < 0:
            raise ValidationError(_("Das Volumen darf nicht negativ sein."))
        if value is not None and value > MAX_VOLUME:
            raise ValidationError(_("Bitte prüfen Sie den Betrag: höchstens 10 Milliarden Euro."))
        return value

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "subject",
                "category",
                "planned_on",
                "estimated_volume",
                "ozg_service",
                "product",
                "description",
                "open_for_partners",
            )
        }


def _format_euro(value) -> str:
    if value is None:
        return ""
    whole = int(value)
    cents = int((value - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{cents:02d}" if cents else text


class DeleteForm(VersionedFormMixin, forms.Form):
    """Confirm a deletion; carries the version the person saw."""


class PlanFilterForm(KernFormMixin, forms.Form):
    """The filters of the list in the address; invalid ones are reported and ignored."""

    q = forms.CharField(
        label=_("Suche"),
        required=False,
        max_length=200,
        help_text=_("Gegenstand, Produkt, OZG-Leistung oder Kommune"),
        error_messages={"max_length": _("Höchstens %(limit_value)d Zeichen.")},
    )
    kategorie = forms.ChoiceField(
        label=_("Kategorie"),
        choices=[("", _("alle Kategorien")), *ProcurementCategory.choices],
        required=False,
        error_messages={"invalid_choice": _("Diese Kategorie gibt es nicht.")},
    )
    kreis = forms.ModelChoiceField(
        label=_("Kreis"),
        queryset=District.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("alle Kreise"),
        error_messages={"invalid_choice": _("Diesen Kreis gibt es nicht.")},
    )
    jahr = forms.TypedChoiceField(
        label=_("Jahr"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Bitte wählen Sie eines der angebotenen Jahre.")},
    )

    def __init__(self, *args, districts, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kreis"].queryset = districts
        self.fields["jahr"].choices = [("", _("alle Jahre")), *[(y, str(y)) for y in years]]
