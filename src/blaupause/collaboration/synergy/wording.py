"""German sentences for the stored reasons of a suggestion (rendered when shown, so they
follow the reader's language)."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..constants import ProcurementCategory


def _month(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return date_format(day, "YEAR_MONTH_FORMAT")


def _kind(kind: str) -> str:
    labels = {
        "plan": _("Beschaffungsvorhaben"),
        "commitment": _("Maßnahme"),
        "project": _("Projekt"),
    }
    return labels.get(kind, "")


def reason_lines(reasons) -> list[dict]:
    """Each reason as {"text": …, "items": [...]} for the templates."""
    lines = []
    for reason in reasons or []:
        code = reason.get("code")
        if code == "existing_project":
            lines.append(
                {"text": _("Es gibt bereits das Projekt „%(title)s“.") % {"title": reason["title"]}}
            )
        elif code == "similar_items":
            items = [
                {
                    "kind": _kind(item.get("kind", "")),
                    "title": item.get("title", ""),
                    "municipalities": ", ".join(item.get("municipalities", [])),
                }
                for item in reason.get("items", [])
            ]
            more = reason.get("more") or 0
            if more:
                items.append(
                    {
                        "kind": "",
                        "title": ngettext(
                            "und ein weiteres Vorhaben", "und %(count)d weitere Vorhaben", more
                        )
                        % {"count": more},
                        "municipalities": "",
                    }
                )
            lines.append({"text": _("Ähnliche Vorhaben:"), "items": items})
        elif code == "period_overlap":
            start, end = _month(reason.get("start", "")), _month(reason.get("end", ""))
            if start and end:
                text = _("Zeitraum überschneidet sich: %(start)s bis %(end)s") % {
                    "start": start,
                    "end": end,
                }
            else:
                text = _("Zeitraum überschneidet sich")
            lines.append({"text": text})
        elif code == "same_measure":
            lines.append({"text": _("bezieht sich auf dieselbe Maßnahme")})
        elif code == "same_product":
            lines.append({"text": _("gleiches Produkt: %(value)s") % {"value": reason["value"]}})
        elif code == "same_ozg":
            lines.append(
                {"text": _("gleiche OZG-Leistung: %(value)s") % {"value": reason["value"]}}
            )
        elif code == "same_category":
            label = dict(ProcurementCategory.choices).get(reason.get("value"), reason.get("value"))
            lines.append({"text": _("gleiche Kategorie: %(value)s") % {"value": label}})
        elif code == "same_field":
            lines.append(
                {"text": _("gleiches Handlungsfeld: %(value)s") % {"value": reason["value"]}}
            )
        elif code == "same_life_area":
            lines.append({"text": _("gleicher Lebensbereich")})
    return lines
