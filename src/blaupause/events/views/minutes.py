"""Views of the events app: minutes and decisions of an event (organisers only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from blaupause.commitments.constants import CommitmentStatus
from blaupause.core.concurrency import VersionedFormMixin, versioned_edit
from blaupause.core.forms import KernFormMixin
from blaupause.regions.models import Municipality
from blaupause.strategies.models import FieldOfAction, Measure

from ..constants import MAX_TEXT_LENGTH, DecisionKind
from ..minutes_services import decision_delete, decision_record, minutes_update
from ..selectors.detail import event_get_for_change
from ..selectors.minutes import decision_get, event_decisions


class MinutesForm(KernFormMixin, VersionedFormMixin, forms.Form):
    minutes = forms.CharField(
        label=gettext_lazy("Protokoll"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=gettext_lazy(
            "Markdown: **fett**, *kursiv*, Listen mit „-“, Überschriften mit „##“."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Protokoll veröffentlichen (für alle sichtbar, die den Termin sehen)"),
        required=False,
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None and not self.is_bound:
            self.initial.update(
                minutes=instance.minutes, publish=instance.minutes_published_at is not None
            )


class DecisionForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Beschluss"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Was folgt daraus?"),
        choices=DecisionKind.choices,
        initial=DecisionKind.NOTE,
        widget=forms.RadioSelect,
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Handlungsfeld der neuen Maßnahme"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=gettext_lazy("Nur bei „neue Maßnahme“."),
    )
    measure = forms.ModelChoiceField(
        label=gettext_lazy("Maßnahme"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=gettext_lazy("Bei „Maßnahme geändert“ und bei Beteiligungen."),
    )
    measure_title = forms.CharField(
        label=gettext_lazy("Titel der Maßnahme"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Neue Maßnahme: ihr Titel. Geänderte Maßnahme: der neue Titel."),
    )
    measure_summary = forms.CharField(
        label=gettext_lazy("Kurzbeschreibung der Maßnahme"), max_length=500, required=False
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=gettext_lazy("Nur bei Beteiligungen."),
    )
    commitment_status = forms.ChoiceField(
        label=gettext_lazy("Stand der Beteiligung"),
        choices=[("", "–"), *CommitmentStatus.choices],
        required=False,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        network_id = event.network_id or 0
        self.fields["field"].queryset = (
            FieldOfAction.objects.filter(
                strategy__network_id=network_id, strategy__deleted_at__isnull=True
            )
            .select_related("strategy")
            .order_by("strategy__title", "order", "id")
        )
        self.fields["field"].label_from_instance = lambda f: (
            f"{f.strategy.title}: {f.key} {f.title}"
        )
        self.fields["measure"].queryset = (
            Measure.objects.filter(
                strategy__network_id=network_id, strategy__deleted_at__isnull=True
            )
            .select_related("strategy")
            .order_by("strategy__title", "order", "id")
        )
        self.fields["measure"].label_from_instance = lambda m: f"{m.strategy.title}: {m}"
        self.fields["municipality"].queryset = Municipality.objects.filter(
            networks__id=network_id
        ).order_by("name")


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _breadcrumbs(event, *last):
    return [
        (_("Termine"), reverse("events:calendar")),
        (event.title, event.get_absolute_url()),
        *last,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, uuid) -> HttpResponse:
    """Minutes of an event (versioned) and its list of decisions."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    form = MinutesForm(request.POST or None, instance=event)
    context = {
        "event": event,
        "decisions": event_decisions(event=event),
        "breadcrumbs": _breadcrumbs(event, (_("Protokoll"), None)),
        "nav_active": "events",
    }

    def save(data):
        try:
            minutes_update(
                actor=request.user,
                event=event,
                minutes=data["minutes"],
                publish=data["publish"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            raise _Invalid(error) from error

    try:
        return versioned_edit(
            request,
            form=form,
            save=save,
            template="events/minutes_form.html",
            context=context,
            success_message=_("Das Protokoll ist gespeichert."),
            success_url=reverse("events:minutes", kwargs={"uuid": event.uuid}),
        )
    except _Invalid as invalid:
        _add_errors(form, invalid.error)
        return render(request, "events/minutes_form.html", {**context, "form": form}, status=400)


class _Invalid(Exception):
    def __init__(self, error: ValidationError):
        super().__init__(str(error))
        self.error = error


@login_required
@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, uuid) -> HttpResponse:
    """Record a decision and what it creates or changes."""
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    form = DecisionForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision_record(
                    actor=request.user,
                    event=event,
                    text=data["text"],
                    kind=data["kind"],
                    field=data.get("field"),
                    measure=data.get("measure"),
                    measure_title=data.get("measure_title", ""),
                    measure_summary=data.get("measure_summary", ""),
                    municipality=data.get("municipality"),
                    commitment_status=data.get("commitment_status", ""),
                )
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            except PermissionDenied as denied:
                form.add_error(
                    None,
                    str(denied) or _("Für diese Änderung fehlt Ihnen die Berechtigung."),
                )
                status = 403
            else:
                messages.success(request, _("Der Beschluss ist festgehalten."))
                return redirect("events:minutes", uuid=event.uuid)
        else:
            status = 400
    context = {
        "event": event,
        "form": form,
        "breadcrumbs": _breadcrumbs(
            event,
            (_("Protokoll"), reverse("events:minutes", kwargs={"uuid": event.uuid})),
            (_("Beschluss festhalten"), None),
        ),
        "nav_active": "events",
    }
    return render(request, "events/decision_form.html", context, status=status)


@login_required
@require_POST
def decision_remove(request: HttpRequest, uuid, decision_uuid) -> HttpResponse:
    event = event_get_for_change(uuid=uuid, viewer=request.user)
    decision = decision_get(event=event, uuid=decision_uuid)
    decision_delete(actor=request.user, decision=decision)
    messages.success(
        request,
        _("Der Beschluss ist entfernt. Was er angelegt oder geändert hat, bleibt bestehen."),
    )
    return redirect("events:minutes", uuid=event.uuid)


urlpatterns = [
    path("veranstaltungen/<uuid:uuid>/protokoll/", minutes_edit, name="minutes"),
    path("veranstaltungen/<uuid:uuid>/protokoll/beschluss/", decision_add, name="decision_add"),
    path(
        "veranstaltungen/<uuid:uuid>/protokoll/beschluss/<uuid:decision_uuid>/entfernen/",
        decision_remove,
        name="decision_remove",
    ),
]
