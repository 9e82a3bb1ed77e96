"""Forms of a network's governance page: coordination and mandate, mandate document, working
groups. They check input; the services in `services_governance` check again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin
from blaupause.core.forms import KernFormMixin

from .forms import MARKDOWN_HINT
from .models import Municipality, Network, WorkingGroup
from .services_governance import mandate_upload_check


class _MunicipalityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _MunicipalityChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _PeopleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name or obj.email


def _checkboxes(field) -> None:
    # Checkboxes, not radio buttons: KernFormMixin matches CheckboxSelectMultiple as the
    # RadioSelect it inherits from.
    field.widget.attrs["class"] = "kern-form-check__checkbox"


class GovernanceForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    coordinating_municipality = _MunicipalityChoice(
        label=_("Koordinierende Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("– keine –"),
        help_text=_("Nur Mitglieder des Netzwerks. Leer lassen, wenn z. B. ein Kreis koordiniert."),
    )
    mandate_url = forms.URLField(
        label=_("Link zum Beschluss"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Zum Beispiel die Seite des Ratsinformationssystems."),
    )
    mandate_date = forms.DateField(
        label=_("Datum des Beschlusses"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer lassen, wenn das Datum nicht öffentlich belegt ist."),
    )

    class Meta:
        model = Network
        fields = [
            "coordinating_body",
            "coordinating_municipality",
            "meeting_rhythm",
            "mandate_title",
            "mandate_body",
            "mandate_date",
            "mandate_date_note",
            "mandate_url",
            "mandate_description",
        ]
        widgets = {"mandate_description": forms.Textarea(attrs={"rows": 6, "class": "bp-textarea"})}
        help_texts = {
            "meeting_rhythm": _("Zum Beispiel „monatlich digital, zweimal im Jahr in Präsenz“."),
            "mandate_title": _("Zum Beispiel „Auftrag für eine gemeinsame Rahmenstrategie“."),
            "mandate_body": _("Zum Beispiel „Bürgermeisterkonferenz Kreis Lippe“."),
            "mandate_date_note": _("Zum Beispiel „Datum nicht öffentlich belegt“."),
            "mandate_description": MARKDOWN_HINT,
        }

    def __init__(self, *args, member_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinating_municipality"].queryset = member_choices


class MandateDocumentForm(KernFormMixin, forms.Form):
    """Upload the mandate document (PDF, ODT, DOCX); checked by content here and again by the
    service."""

    file = forms.FileField(
        label=_("Dokument"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.odt,.docx"}),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
            "missing": _("Bitte wählen Sie eine Datei aus."),
        },
        help_text=_("PDF, OpenDocument-Text (ODT) oder Word (DOCX), höchstens %(limit)s MB."),
    )

    def __init__(self, *args, limit_mb="10", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit_mb}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _detected, problem = mandate_upload_check(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class WorkingGroupForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    """Create (no version) or change (with version) a working group."""

    lead = _MunicipalityChoice(
        label=_("Federführende Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("– keine –"),
    )
    # Not named like the model's fields: the conflict page compares texts only.
    group_municipalities = _MunicipalityChoices(
        label=_("Mitwirkende Kommunen"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group_people = _PeopleChoices(
        label=_("Mitwirkende Personen"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkingGroup
        fields = ["name", "topics", "description", "lead", "meeting_rhythm"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5, "class": "bp-textarea"})}
        help_texts = {
            "topics": _("Mehrere Themen durch Kommas trennen."),
            "description": MARKDOWN_HINT,
            "meeting_rhythm": _("Zum Beispiel „alle zwei Wochen digital“."),
        }
        error_messages = {"name": {"required": _("Bitte geben Sie einen Namen ein.")}}

    def __init__(self, *args, member_choices, people_choices, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        self.fields["lead"].queryset = member_choices
        self.fields["group_municipalities"].queryset = member_choices
        self.fields["group_people"].queryset = people_choices
        _checkboxes(self.fields["group_municipalities"])
        _checkboxes(self.fields["group_people"])
        if self.instance.pk and not self.is_bound:
            self.initial["group_municipalities"] = list(
                self.instance.municipalities.values_list("pk", flat=True)
            )
            self.initial["group_people"] = list(self.instance.people.values_list("pk", flat=True))
