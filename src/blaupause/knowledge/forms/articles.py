"""Forms of the knowledge articles. They parse and check input; the services check it again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from blaupause.core.concurrency import VersionedFormMixin
from blaupause.core.forms import KernFormMixin
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Measure

from .. import constants
from ..constants import ArticleKind, Licence, Visibility

CHOICE_ERRORS = {"invalid_choice": _("Bitte wählen Sie einen der angebotenen Werte.")}
MARKDOWN_HINT = _(
    "Markdown ist möglich: **fett**, *kursiv*, Überschriften mit „##“, Listen mit „-“, Links, "
    "Tabellen. HTML wird nicht übernommen."
)


class MeasureChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:  # also a malformed UUID: one clear message
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def label_from_instance(self, obj):
        return f"{obj.key} {obj.title} ({obj.strategy.title})"


def measure_queryset():
    return (
        Measure.objects.filter(
            field__deleted_at__isnull=True,
            strategy__deleted_at__isnull=True,
        )
        .exclude(strategy__status=StrategyStatus.DRAFT)  # drafts are not for everyone's eyes
        .select_related("strategy")
        .order_by("strategy__title", "key", "id")
    )


class ArticleForm(KernFormMixin, forms.Form):
    """Write or change an article (the author municipality is chosen on create only)."""

    municipality = forms.ChoiceField(
        label=_("Kommune"),
        choices=(),
        error_messages={
            **CHOICE_ERRORS,
            "required": _("Bitte wählen Sie die Kommune, für die Sie schreiben."),
        },
        help_text=_("Der Artikel erscheint unter dem Namen dieser Kommune."),
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=250,
        error_messages={
            "required": _("Bitte geben Sie einen Titel ein."),
            "max_length": _("Höchstens 250 Zeichen."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art"), choices=ArticleKind.choices, error_messages=CHOICE_ERRORS
    )
    summary = forms.CharField(
        label=_("Kurzfassung"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zwei, drei Sätze für die Übersicht."),
        error_messages={"max_length": _("Höchstens 500 Zeichen.")},
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=constants.MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=MARKDOWN_HINT,
        error_messages={"max_length": _("Der Text ist zu lang: höchstens 100.000 Zeichen.")},
    )
    measure = MeasureChoiceField(
        label=_("Maßnahme"),
        queryset=Measure.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("– keine –"),
        help_text=_("Für ein Praxisbeispiel erforderlich: die Maßnahme, die es umsetzt."),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine der angebotenen Maßnahmen.")},
    )
    licence = forms.ChoiceField(
        label=_("Lizenz"),
        choices=Licence.choices,
        initial=Licence.CC_BY_4,
        error_messages=CHOICE_ERRORS,
        help_text=_("Unter welchen Bedingungen andere Kommunen den Text weiterverwenden dürfen."),
    )
    visibility = forms.ChoiceField(
        label=_("Sichtbarkeit"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        error_messages=CHOICE_ERRORS,
    )
    tags = forms.CharField(
        label=_("Schlagwörter"),
        required=False,
        max_length=500,
        help_text=_("Durch Kommas getrennt, z. B. „E-Akte, Dokumentenmanagement“."),
        error_messages={"max_length": _("Höchstens 500 Zeichen.")},
    )

    def __init__(self, *args, municipality_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measure_queryset()
        if municipality_choices is None:  # editing: the author municipality stays
            del self.fields["municipality"]
        else:
            self.fields["municipality"].choices = municipality_choices
            if len(municipality_choices) == 1:
                self.initial.setdefault("municipality", municipality_choices[0][0])

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "title",
                "kind",
                "summary",
                "body",
                "measure",
                "licence",
                "visibility",
                "tags",
            )
        }


class ArticleEditForm(VersionedFormMixin, ArticleForm):
    """Change an article; the hidden version detects a concurrent edit."""

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, municipality_choices=None, **kwargs)


def article_initial(article) -> dict:
    return {
        "title": article.title,
        "kind": article.kind,
        "summary": article.summary,
        "body": article.body,
        "measure": article.measure.uuid if article.measure_id else None,
        "licence": article.licence,
        "visibility": article.visibility,
        "tags": article.tags,
        "version": article.version,
    }


class AttachmentForm(KernFormMixin, forms.Form):
    """Upload one attachment. Type (by content) and size are checked here and by the service."""

    file = forms.FileField(
        label=_("Datei"),
        widget=forms.FileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,.odt,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
        error_messages={
            "required": _("Bitte wählen Sie eine Datei aus."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine Datei aus."),
            "missing": _("Bitte wählen Sie eine Datei aus."),
        },
    )
    title = forms.CharField(
        label=_("Titel des Anhangs"),
        required=False,
        max_length=200,
        help_text=_("Zum Beispiel „Muster-Beschlussvorlage (Word)“."),
        error_messages={"max_length": _("Höchstens 200 Zeichen.")},
    )

    def __init__(self, *args, limit_mb="20", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), Excel (XLSX) oder OpenDocument-Text (ODT), höchstens %(limit)s MB."
        ) % {"limit": limit_mb}

    def clean_file(self):
        from ..services.articles import attachment_check

        upload = self.cleaned_data["file"]
        _detected, problem = attachment_check(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    publish = forms.BooleanField(required=False)


class AdoptForm(KernFormMixin, forms.Form):
    """Adopt a best practice: which municipality, and how strongly."""

    municipality = forms.ChoiceField(
        label=_("Kommune"),
        choices=(),
        error_messages={
            **CHOICE_ERRORS,
            "required": _("Bitte wählen Sie Ihre Kommune."),
        },
    )
    role = forms.ChoiceField(
        label=_("Beteiligung"),
        choices=(
            ("interested", _("interessiert")),
            ("partner", _("beteiligt")),
        ),
        initial="interested",
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices
        if len(municipality_choices) == 1:
            self.initial.setdefault("municipality", municipality_choices[0][0])


class ArticleFilterForm(forms.Form):
    """The filters of the list; anything unknown counts as "all"."""

    art = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle Arten")), *ArticleKind.choices]
    )
    kommune = forms.ChoiceField(label=_("Kommune"), required=False, choices=())

    def __init__(self, *args, municipality_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("alle Kommunen")), *municipality_choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "kern-form-input__select"

    def values(self) -> dict[str, str]:
        if not self.is_bound:
            return {"art": "", "kommune": ""}
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in ("art", "kommune")}
