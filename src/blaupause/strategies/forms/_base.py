"""Shared pieces of the strategy forms: KERN styling with render hints, service errors."""

from __future__ import annotations

from django import forms

from blaupause.core.forms import KernFormMixin, add_service_errors

__all__ = ["KernStyled", "add_service_errors"]


class KernStyled(KernFormMixin):
    """KERN classes, plus a hint for the templates how to render each field (`bp_kind`):
    "choices" (a group of checkboxes or radios: fieldset and legend), "check" (one checkbox),
    "select", or "input"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                # KernFormMixin takes it for the RadioSelect it inherits from.
                widget.attrs["class"] = "kern-form-check__checkbox"
                widget.kern_class = "kern-form-check__checkbox"
                widget.bp_kind = "choices"
            elif isinstance(widget, forms.RadioSelect):
                widget.bp_kind = "choices"
            elif isinstance(widget, forms.CheckboxInput):
                widget.bp_kind = "check"
            elif isinstance(widget, forms.Select):
                widget.bp_kind = "select"
            else:
                widget.bp_kind = "input"
