"""Forms of the learning pages: filter, offer, participation. The services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.assessments.models import Criterion
from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import Municipality, Region

from ..constants import OfferKind, OfferRole
from ..models import LearningOffer
from ..services.learning import MAX_PARTICIPANTS

CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}
MULTI_CHOICE_ERRORS = {
    "invalid_choice": _("Bitte wählen Sie nur angebotene Einträge."),
    "invalid_pk_value": _("Bitte wählen Sie nur angebotene Einträge."),
}
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
ORIGIN_CHOICES = [("", _("alle")), ("intern", _("intern")), ("extern", _("extern"))]


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class OfferFilterForm(KernFormMixin, forms.Form):
    """The filters of the offer list; invalid values are ignored with a message."""

    art = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("alle")), *OfferKind.choices],
        error_messages=CHOICE_ERRORS,
    )
    rolle = forms.ChoiceField(
        label=_("Zielgruppe"),
        required=False,
        choices=[("", _("alle")), *OfferRole.choices],
        error_messages=CHOICE_ERRORS,
    )
    kriterium = forms.ChoiceField(
        label=_("Stärkt das Kriterium"), required=False, error_messages=CHOICE_ERRORS
    )
    herkunft = forms.ChoiceField(
        label=_("Anbieter"), required=False, choices=ORIGIN_CHOICES, error_messages=CHOICE_ERRORS
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kriterium"].choices = [("", _("alle"))] + [
            (criterion.code, f"{criterion.code} {criterion.title}") for criterion in criteria
        ]

    def filters(self) -> dict:
        """Selector arguments from the valid fields (an invalid field counts as unset)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        origin = data.get("herkunft") or ""
        return {
            "kind": data.get("art") or "",
            "role": data.get("rolle") or "",
            "criterion": data.get("kriterium") or "",
            "external": {"intern": False, "extern": True}.get(origin),
        }


class OfferForm(KernFormMixin, forms.Form):
    """Create or change a learning offer."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=250,
        error_messages={"required": _("Bitte geben Sie einen Titel ein.")},
    )
    slug = forms.CharField(
        label=_("Kurzname für die Adresse"),
        required=False,
        max_length=120,
        help_text=_("Leer lassen: wird aus dem Titel gebildet. Kleinbuchstaben, Ziffern, „-“."),
    )
    kind = forms.ChoiceField(
        label=_("Art"), choices=OfferKind.choices, error_messages=CHOICE_ERRORS
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown ist möglich: **fett**, *kursiv*, Listen mit „-“, Links."),
    )
    provider = forms.CharField(label=_("Anbieter"), required=False, max_length=200)
    is_external = forms.BooleanField(
        label=_("Externes Angebot (bei einem anderen Anbieter)"), required=False
    )
    external_url = forms.CharField(
        label=_("Link zum Angebot"),
        required=False,
        max_length=500,
        help_text=_("Vollständige Adresse, die mit https:// beginnt."),
        widget=forms.URLInput(),
    )
    duration_hours = forms.DecimalField(
        label=_("Dauer in Stunden"),
        required=False,
        min_value=0.1,
        max_value=1000,
        decimal_places=1,
        localize=True,
        error_messages={
            "invalid": _("Bitte geben Sie eine Zahl ein, z. B. 1,5."),
            "min_value": _("Bitte geben Sie eine Dauer zwischen 0,1 und 1000 Stunden an."),
            "max_value": _("Bitte geben Sie eine Dauer zwischen 0,1 und 1000 Stunden an."),
            "max_decimal_places": _("Bitte höchstens eine Nachkommastelle."),
        },
    )
    roles = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        required=False,
        choices=OfferRole.choices,
        error_messages=MULTI_CHOICE_ERRORS,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Mehrfachauswahl mit Strg- oder Umschalttaste."),
    )
    # Not named like the model field: the conflict view compares plain values only.
    raises_criteria = CriterionChoiceField(
        label=_("Stärkt diese Kriterien des Selbstchecks"),
        queryset=Criterion.objects.none(),
        required=False,
        error_messages=MULTI_CHOICE_ERRORS,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Danach wird das Angebot Kommunen mit Lücken bei diesen Kriterien empfohlen."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        empty_label=None,
        error_messages=CHOICE_ERRORS,
    )
    is_published = forms.BooleanField(label=_("Veröffentlicht"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self, *args, criteria=None, regions=None, offer: LearningOffer | None = None, **kwargs
    ):
        initial = kwargs.pop("initial", None) or {}
        if offer is not None:
            initial = {
                "title": offer.title,
                "slug": offer.slug,
                "kind": offer.kind,
                "description": offer.description,
                "provider": offer.provider,
                "is_external": offer.is_external,
                "external_url": offer.external_url,
                "duration_hours": offer.duration_hours,
                "roles": list(offer.roles or []),
                "raises_criteria": [criterion.pk for criterion in offer.criteria.all()],
                "is_published": offer.is_published,
                "version": offer.version,
                **initial,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["raises_criteria"].queryset = (
            criteria if criteria is not None else Criterion.objects.none()
        )
        if offer is not None:
            del self.fields["region"]  # an offer stays in its region
        else:
            self.fields["region"].queryset = (
                regions if regions is not None else Region.objects.none()
            )

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["criteria"] = list(data.pop("raises_criteria", None) or [])
        return data


class ParticipationForm(KernFormMixin, forms.Form):
    """How many people of a municipality completed an offer, and when (counts, no names)."""

    offer = forms.ModelChoiceField(
        label=_("Lernangebot"),
        queryset=LearningOffer.objects.none(),
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie ein Lernangebot."),
            "invalid_choice": _("Bitte wählen Sie eines der angebotenen Lernangebote."),
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.none(),
        to_field_name="ags",
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie die Kommune."),
            "invalid_choice": _("Für diese Kommune können Sie keine Teilnahmen erfassen."),
        },
    )
    participants = forms.IntegerField(
        label=_("Zahl der Teilnehmenden, die das Angebot abgeschlossen haben"),
        min_value=1,
        max_value=MAX_PARTICIPANTS,
        help_text=_("Nur die Anzahl, keine Namen."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        error_messages={
            "required": _("Bitte geben Sie die Zahl der Teilnehmenden ein."),
            "invalid": _("Bitte geben Sie die Zahl der Teilnehmenden als ganze Zahl ein."),
            "min_value": _(
                "Bitte geben Sie mindestens eine teilnehmende Person an; negative Zahlen oder "
                "null sind nicht möglich."
            ),
            "max_value": _("Höchstens 10.000 Teilnehmende je Eintrag. Bitte prüfen Sie die Zahl."),
        },
    )
    completed_on = forms.DateField(
        label=_("Abgeschlossen am"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte geben Sie das Datum ein."),
            "invalid": _("Bitte geben Sie ein Datum ein, z. B. 15.03.2026."),
        },
    )

    def __init__(self, *args, offers=None, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = (
            offers if offers is not None else LearningOffer.objects.none()
        )
        self.fields["municipality"].queryset = (
            municipalities if municipalities is not None else Municipality.objects.none()
        )
