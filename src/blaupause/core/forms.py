from django import forms

from .concurrency import VersionedFormMixin
from .models import LegalPage

_INPUT_CLASS = {
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
}


class KernFormMixin:
    """Give every widget the KERN class and point it at its error message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = next(
                (cls for kind, cls in _INPUT_CLASS.items() if isinstance(widget, kind)),
                "kern-form-input__input",
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        # Errors are only known now: refresh the error classes and references.
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.HiddenInput):
                widget = self.fields[name].widget
                if "--error" not in widget.attrs.get("class", ""):
                    base = widget.attrs.get("class", "").split()[-1]
                    widget.attrs["class"] += f" {base}--error"
                    widget.attrs["aria-describedby"] = (
                        f"{widget.attrs.get('aria-describedby', '')} {self[name].auto_id}-error"
                    ).strip()


class LegalPageForm(KernFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}
