"""Render any form (allauth's too, which know nothing of KERN) with KERN classes."""

from django import forms, template

register = template.Library()


@register.filter
def is_check(bound_field) -> bool:
    """A single checkbox: rendered with the label after the box."""
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_select(bound_field) -> bool:
    widget = bound_field.field.widget
    return isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect)


@register.simple_tag
def kern_widget(bound_field):
    """The field's widget with the KERN class, without a placeholder (the label says it all),
    and pointing at its hint and error for screen readers."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "kern-form-check__checkbox"
    elif isinstance(widget, forms.Select):
        css = "kern-form-input__select"
    else:
        css = "kern-form-input__input"
    if bound_field.errors:
        css = f"{css} {css}--error"
    classes = dict.fromkeys([*widget.attrs.get("class", "").split(), *css.split()])
    attrs = {"class": " ".join(classes), "placeholder": False}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)
