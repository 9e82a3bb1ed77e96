from django import template
from django.utils.formats import number_format

from blaupause.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def inhabitants(value):
    """Population with German thousands separators."""
    if value in (None, ""):
        return "–"
    return number_format(value, force_grouping=True)
