from django import forms
from django.core.exceptions import ValidationError

from .concurrency import VersionedFormMixin
from .models import LegalPage
from .widgets import Select

# Checked in order: subclasses first (CheckboxSelectMultiple is a RadioSelect is a Select).
_INPUT_CLASS = {
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.SelectMultiple: "kern-form-input__select",
    forms.Select: "kern-form-input__select",
}


def add_service_errors(
    form: forms.Form, error: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on a form: at the field it names (after `rename`, for
    services that call a field differently from the form), or above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            name = (rename or {}).get(name, name)
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class KernFormMixin:
    """Give every widget its KERN class; mark invalid fields and point them at their error.

    Plain selects become `core.widgets.Select` (same markup, rendered without a template per
    option).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if type(widget) is forms.Select:
                widget.__class__ = Select  # a subclass that only renders differently
            css = next(
                (cls for kind, cls in _INPUT_CLASS.items() if isinstance(widget, kind)),
                "kern-form-input__input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            widget.kern_class = css

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.HiddenInput):
                continue
            widget = field.widget
            error_class = f"{getattr(widget, 'kern_class', 'kern-form-input__input')}--error"
            if error_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] += f" {error_class}"
                # Setting aria-describedby stops Django from adding the help text id itself.
                auto_id = self[name].auto_id
                refs = [widget.attrs.get("aria-describedby", ""), f"{auto_id}-error"]
                if field.help_text:
                    refs.append(f"{auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(ref for ref in refs if ref)


class LegalPageForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
