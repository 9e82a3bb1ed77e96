from django import template
from django.utils.translation import gettext_lazy as _

from blaupause.accounts.constants import AUDIT_VERB_LABELS, Role

register = template.Library()


@register.filter
def startswith(value, prefix) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def verb_label(verb: str) -> str:
    """The readable name of an audit action; unknown actions as stored."""
    return str(AUDIT_VERB_LABELS.get(verb, verb))


_DETAIL_LABELS = {
    "email": _("E-Mail"),
    "person": _("Person"),
    "role": _("Rolle"),
    "scope": _("Bereich"),
    "owner": _("Konto"),
    "prefix": _("Schlüssel beginnt mit"),
    "via": _("Weg"),
    "login": _("Anmeldename"),
    "type": _("Art"),
    "replaces": _("ersetzt Einladungen"),
}
_VIA_LABELS = {
    "web": _("Oberfläche"),
    "cli": _("Kommandozeile"),
    "invitation": _("Einladung"),
    "demo": _("Demo-Daten"),
}


@register.filter
def audit_details(data) -> list[tuple[str, str]]:
    """The details of an audit event as readable (label, value) pairs; empty values left out."""
    rows = []
    for key, value in (data or {}).items():
        if value in (None, "", [], {}):
            continue
        if key == "role" and value in Role.values:
            value = Role(value).label
        elif key == "via":
            value = _VIA_LABELS.get(value, value)
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        rows.append((str(_DETAIL_LABELS.get(key, key)), str(value)))
    return rows
