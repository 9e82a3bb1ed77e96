"""Views of the events app: the calendar as a list (grouped by month) and as a month table."""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import Network, Region

from ..constants import EventFormat
from ..selectors.calendar import (
    BERLIN,
    CalendarFilters,
    calendar_events,
    event_list_rows,
    month_grid,
)

#: Events per page of the list (the month view shows a whole month).
PAGE_SIZE = 30

#: The month view accepts these years; anything else is a 404, not an error.
FIRST_YEAR, LAST_YEAR = 2000, 2100

WHEN_UPCOMING, WHEN_PAST = "kommend", "vergangen"


class CalendarFilterForm(KernFormMixin, forms.Form):
    """The filters in the address; invalid ones are reported and ignored."""

    netzwerk = forms.ModelChoiceField(
        label=gettext_lazy("Netzwerk"),
        # Only what the options show: there are hundreds of networks.
        queryset=Network.objects.only("slug", "name", "short_name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("alle Netzwerke"),
        error_messages={"invalid_choice": gettext_lazy("Dieses Netzwerk gibt es nicht.")},
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.only("slug", "name", "short_name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("alle Regionen"),
        error_messages={"invalid_choice": gettext_lazy("Diese Region gibt es nicht.")},
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("", gettext_lazy("alle Formate")), *EventFormat.choices],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Dieses Format gibt es nicht.")},
    )
    zeit = forms.ChoiceField(
        label=gettext_lazy("Zeitraum"),
        choices=[
            (WHEN_UPCOMING, gettext_lazy("kommende Termine")),
            (WHEN_PAST, gettext_lazy("vergangene Termine")),
        ],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie einen Zeitraum.")},
    )
    meine = forms.BooleanField(label=gettext_lazy("nur meine Anmeldungen"), required=False)

    def __init__(self, *args, user=None, with_period: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(user, "is_authenticated", False):
            del self.fields["meine"]
        if not with_period:
            del self.fields["zeit"]

    def filters(self) -> CalendarFilters:
        """The valid filters (an invalid one counts as not given)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CalendarFilters(
            network=data.get("netzwerk"),
            region=data.get("region"),
            format=data.get("format") or "",
            mine=bool(data.get("meine")),
            past=data.get("zeit") == WHEN_PAST,
        )

    def query(self, *, without: tuple[str, ...] = ()) -> str:
        """The valid filters as a query string (for links between list and month view)."""
        params = self.data.copy() if hasattr(self.data, "copy") else {}
        for name in list(params):
            if name not in self.fields or name in without or name in self.errors:
                params.pop(name)
        return params.urlencode() if params else ""


def _filter_form(request: HttpRequest, *, with_period: bool) -> CalendarFilterForm:
    return CalendarFilterForm(request.GET or None, user=request.user, with_period=with_period)


def calendar_list(request: HttpRequest) -> HttpResponse:
    """Upcoming (or past) events the viewer may see, grouped by month."""
    form = _filter_form(request, with_period=True)
    filters = form.filters()
    paginator = Paginator(calendar_events(user=request.user, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    today = timezone.localdate(timezone=BERLIN)
    month_url = reverse(
        "events:calendar_month", kwargs={"year": f"{today.year:04d}", "month": f"{today.month:02d}"}
    )
    query = form.query(without=("zeit",)) if form.is_bound else ""
    context = {
        "form": form,
        "filters": filters,
        "groups": event_list_rows(page.object_list),
        "event_count": paginator.count,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "month_url": f"{month_url}?{query}" if query else month_url,
        "nav_active": "events",
        "breadcrumbs": [(_("Start"), reverse("regions:home")), (_("Termine"), None)],
    }
    return render(request, "events/calendar_list.html", context)


def _month_url(day: datetime.date, query: str) -> str:
    url = reverse(
        "events:calendar_month", kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}"}
    )
    return f"{url}?{query}" if query else url


def calendar_month(request: HttpRequest, year: str, month: str) -> HttpResponse:
    """One month as a table of weeks (a list of days on small screens)."""
    year_number, month_number = int(year), int(month)
    if not (FIRST_YEAR <= year_number <= LAST_YEAR and 1 <= month_number <= 12):
        raise Http404(_("Diesen Monat zeigt der Kalender nicht."))
    form = _filter_form(request, with_period=False)
    filters = form.filters()
    weeks = month_grid(user=request.user, year=year_number, month=month_number, filters=filters)
    first = datetime.date(year_number, month_number, 1)
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=31)).replace(day=1)
    query = form.query() if form.is_bound else ""
    list_url = reverse("events:calendar")
    days_with_events = [day for week in weeks for day in week if day.in_month and day.events]
    context = {
        "form": form,
        "month": first,
        "weeks": weeks,
        "weekdays": [week_day.date for week_day in weeks[0]],
        "days_with_events": days_with_events,
        "previous_url": (
            _month_url(previous_month, query) if previous_month.year >= FIRST_YEAR else None
        ),
        "next_url": _month_url(next_month, query) if next_month.year <= LAST_YEAR else None,
        "previous_month": previous_month,
        "next_month": next_month,
        "list_url": f"{list_url}?{query}" if query else list_url,
        "nav_active": "events",
        "breadcrumbs": [
            (_("Start"), reverse("regions:home")),
            (_("Termine"), reverse("events:calendar")),
            (formats.date_format(first, "YEAR_MONTH_FORMAT"), None),
        ],
    }
    return render(request, "events/calendar_month.html", context)


urlpatterns = [
    path("veranstaltungen/", calendar_list, name="calendar"),
    re_path(
        r"^veranstaltungen/monat/(?P<year>[0-9]{4})-(?P<month>[0-9]{2})/$",
        calendar_month,
        name="calendar_month",
    ),
]
