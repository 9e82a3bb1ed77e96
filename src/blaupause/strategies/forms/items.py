"""The form of every item kind: values, life areas, fields, goals, measures, indicators and
milestones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import hooks
from ..criteria import criteria
from ..items import ItemKind
from ..models import Strategy
from ._base import KernStyled, add_service_errors
from .parsing import (
    format_prerequisites,
    format_references,
    parse_prerequisites,
    parse_references,
    parse_words,
)


class _LinkChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        key = getattr(obj, "key", "")
        return f"{key} {obj.title}" if key and len(key) <= 6 else obj.title


class _FieldChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.key} {obj.title}"


_TEXTAREA_ROWS = {
    "description": 6,
    "explanation": 3,
    "summary": 2,
    "benefit_citizens": 3,
    "benefit_administration": 3,
}


def reason_field(strategy: Strategy, action: str) -> forms.CharField:
    """ "Grund der Änderung": optional, unless a registered check requires it for `strategy`."""
    required = hooks.reason_required(strategy, action)
    help_text = hooks.reason_help(strategy) if required else ""
    return forms.CharField(
        label=gettext_lazy("Grund der Änderung"),
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text
        or gettext_lazy("Optional: steht im Verlauf des Eintrags, z. B. „Tippfehler korrigiert“."),
        error_messages={
            "required": gettext_lazy("Bitte geben Sie einen Grund für diese Änderung an.")
        },
    )


class _ReasonFields(forms.Form):
    def __init__(self, *args, strategy: Strategy, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = reason_field(strategy, action)


class ReasonForm(KernStyled, _ReasonFields):
    """Only the reason: for deleting an item."""

    def reason(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip()


class _ItemFields(forms.Form):
    """Builds the fields of one item kind (KernFormMixin then styles them all)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, kind: ItemKind, strategy: Strategy, item=None, **kwargs):
        self.kind = kind
        self.strategy = strategy
        self.item = item
        super().__init__(*args, **kwargs)
        # Content first, then the links to other items, then provenance (sources, derived).
        trailing = ("derived", "source_ids")
        for name in kind.fields:
            if name not in trailing:
                self._add_field(name)
        for name in kind.links:
            self.fields[name] = self._link_field(name)
        for name in trailing:
            if name in kind.fields:
                self._add_field(name)
        self.fields["reason"] = reason_field(strategy, hooks.CHANGED if item else hooks.CREATED)
        if item is not None and not self.is_bound:
            self.initial.update(self._initial(item))

    def _add_field(self, name: str) -> None:
        field = self._field(name)
        if field is not None:
            self.fields[name] = field

    def _field(self, name: str) -> forms.Field | None:
        model, strategy = self.kind.model, self.strategy
        if name == "field":
            return _FieldChoice(
                queryset=strategy.fields.order_by("order", "id"),
                label=model._meta.get_field("field").verbose_name,
                required=self.kind.name == "measure",
                empty_label=_("– bitte wählen –"),
            )
        if name == "prerequisites":
            return forms.CharField(
                label=gettext_lazy("Voraussetzungen"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=gettext_lazy(
                    "Eine pro Zeile. „Kriterium C2 ab Stufe 1: …“ für einen Selbstcheck-Wert, "
                    "„Personal: …“, „Budget: …“, sonst einfach der Text."
                ),
            )
        if name == "references":
            return forms.CharField(
                label=gettext_lazy("Verweise"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=gettext_lazy("Einer pro Zeile: „Bezeichnung | https://…“."),
            )
        if name == "tags":
            return forms.CharField(
                label=gettext_lazy("Schlagworte"),
                required=False,
                help_text=gettext_lazy("Durch Kommas getrennt, z. B. „OZG, Serviceportal“."),
            )
        if name == "raises_criteria":
            return forms.CharField(
                label=gettext_lazy("Stärkt diese Selbstcheck-Kriterien"),
                required=False,
                help_text=gettext_lazy("Kennungen durch Kommas getrennt, z. B. „A1, C2“."),
            )
        if name == "source_ids":
            choices = [
                (row["id"], row.get("title") or row["id"])
                for row in strategy.sources or []
                if isinstance(row, dict) and row.get("id")
            ]
            if not choices:
                return None
            return forms.MultipleChoiceField(
                label=gettext_lazy("Quellen"),
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
            )
        if name == "key":
            editing = self.item is not None
            return forms.CharField(
                label=gettext_lazy("Kennung"),
                required=editing,
                max_length=model._meta.get_field("key").max_length,
                help_text=gettext_lazy("Kurz und eindeutig, z. B. „A-M10“.")
                if editing
                else gettext_lazy("Leer lassen: Blaupause vergibt die nächste freie."),
            )
        field = model._meta.get_field(name).formfield()
        if name == "summary":
            field.widget = forms.Textarea(attrs={"maxlength": field.max_length})
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = _TEXTAREA_ROWS.get(name, 4)
        if name == "due_date":
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return field

    def _link_field(self, name: str) -> forms.Field:
        strategy = self.strategy
        if name == "life_areas":
            queryset = strategy.life_areas.order_by("order", "id")
        elif name == "goals":
            queryset = strategy.goals.order_by("order", "id")
        else:
            queryset = strategy.measures.order_by("field__order", "order", "key")
            if self.item is not None:
                queryset = queryset.exclude(pk=self.item.pk)
        return _LinkChoiceField(
            queryset=queryset,
            label=self.kind.model._meta.get_field(name).verbose_name,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def _initial(self, item) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": item.version}
        for name in self.kind.fields:
            value = getattr(item, name)
            if name == "prerequisites":
                value = format_prerequisites(value)
            elif name == "references":
                value = format_references(value)
            elif name in {"tags", "raises_criteria"}:
                value = ", ".join(value or [])
            elif name == "field":
                value = item.field_id
            initial[name] = value
        for name in self.kind.links:
            initial[name] = [target.pk for target in getattr(item, name).all()]
        return initial


class ItemForm(KernStyled, _ItemFields):
    """The form of one item kind. `values()` and `links()` feed the item services."""

    def clean_prerequisites(self):
        return parse_prerequisites(self.cleaned_data.get("prerequisites", ""))

    def clean_references(self):
        return parse_references(self.cleaned_data.get("references", ""))

    def clean_tags(self):
        return parse_words(self.cleaned_data.get("tags", ""))

    def clean_raises_criteria(self):
        ids = [word.upper() for word in parse_words(self.cleaned_data.get("raises_criteria", ""))]
        unknown = [criterion for criterion in ids if criterion not in criteria()]
        if unknown:
            raise ValidationError(
                _("Unbekannte Kriterien: %(ids)s. Gültig sind A1 bis D6.")
                % {"ids": ", ".join(unknown)}
            )
        return ids

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.item is not None and not version:
            raise ValidationError(
                _("Das Formular ist unvollständig. Bitte laden Sie die Seite neu.")
            )
        return version

    def clean_source_ids(self):
        """Keep the order the item had; new sources go to the end."""
        chosen = self.cleaned_data.get("source_ids") or []
        before = list(getattr(self.item, "source_ids", None) or [])
        return [sid for sid in before if sid in chosen] + [s for s in chosen if s not in before]

    def reason(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip()

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.kind.fields if name in self.fields}
        if "key" in values:
            values["key"] = (values["key"] or "").strip()
        return values

    def links(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[name]) for name in self.kind.links}

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError at the fields it names (or above the form)."""
        add_service_errors(self, error)
