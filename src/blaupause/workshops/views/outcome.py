"""Views of the workshops app: dots, ratings, promoting into the strategy, the result export.

Every form works without JavaScript (post, then back to the board with a message); with htmx
the vote and rate steps swap just their own fragment.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from blaupause.core.forms import KernFormMixin
from blaupause.reports.render_markdown import render_markdown
from blaupause.strategies.items import kind_for
from blaupause.strategies.models import FieldOfAction, Goal

from ..export import result_document
from ..participation import refusals_roll_back, refused
from ..selectors import workshop_access
from ..selectors.outcome import CLUSTER, outcome_context, target_for
from ..services.outcome import item_promote, ratings_save, vote_add, vote_remove
from .setup import workshop_crumbs

VOTE_TEMPLATE = "workshops/steps/vote.html"
RATE_TEMPLATE = "workshops/steps/rate.html"
PROMOTE_TEMPLATE = "workshops/promote_form.html"


def _board_url(workshop, anchor: str) -> str:
    return f"{workshop.get_absolute_url()}#{anchor}"


def _fragment(request, template: str, access, **extra) -> HttpResponse:
    context = outcome_context(access.workshop, access.participant)
    return render(request, template, {"workshop": access.workshop, **context, **extra})


# --- dots --------------------------------------------------------------------------------------


@require_POST
@refusals_roll_back
def vote(request: HttpRequest, uuid) -> HttpResponse:
    """Add (`action=add`) or take back (`action=remove`) one dot on `target`."""
    access = workshop_access(request=request, uuid=uuid)
    workshop = access.workshop
    target = target_for(workshop, request.POST.get("target", ""))
    service = vote_remove if request.POST.get("action") == "remove" else vote_add
    error = ""
    try:
        service(
            actor=request.user, participant=access.participant, workshop=workshop, target=target
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
        refused(request)
    if request.htmx:
        return _fragment(request, VOTE_TEMPLATE, access, vote_error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Ihre Punkte sind gespeichert."))
    return redirect(_board_url(workshop, "punkten"))


# --- ratings -----------------------------------------------------------------------------------


@require_POST
@refusals_roll_back
def rate(request: HttpRequest, uuid) -> HttpResponse:
    """Save the participant's impact and effort for every target filled in on the form."""
    access = workshop_access(request=request, uuid=uuid)
    workshop = access.workshop
    context = outcome_context(workshop, access.participant)
    targets = context["outcome"].targets if context else []
    posted = []
    typed: dict[str, dict[str, str]] = {}
    for target in targets:
        impact = request.POST.get(f"impact-{target.field_id}", "")
        effort = request.POST.get(f"effort-{target.field_id}", "")
        typed[target.field_id] = {"impact": impact, "effort": effort}
        if impact or effort:
            posted.append((target.obj, impact, effort))
    errors: dict[str, list[str]] = {}
    general = ""
    try:
        ratings_save(
            actor=request.user, participant=access.participant, workshop=workshop, ratings=posted
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
        else:
            general = " ".join(exc.messages)
    if errors or general or not posted:
        refused(request)  # nothing was stored
    if request.htmx:
        failed = bool(errors or general)
        if not failed:  # show what is stored now
            context = outcome_context(workshop, access.participant)
            targets = context["outcome"].targets if context else []
        for target in targets:
            target.errors = errors.get(str(target.obj.uuid), [])
            if failed:
                target.typed_impact = typed[target.field_id]["impact"]
                target.typed_effort = typed[target.field_id]["effort"]
        return render(
            request,
            RATE_TEMPLATE,
            {
                "workshop": workshop,
                **context,
                "rate_error": general,
                "rate_failed": failed,
                "rate_saved": not failed and bool(posted),
            },
        )
    if errors:
        titles = {str(t.obj.uuid): t.title for t in targets}
        messages.error(
            request,
            _("Nichts gespeichert. Bitte prüfen Sie: %(items)s")
            % {
                "items": "; ".join(
                    f"„{titles.get(key, key)[:60]}“: {' '.join(value)}"
                    for key, value in errors.items()
                )
            },
        )
    elif general:
        messages.error(request, general)
    elif posted:
        messages.success(request, _("Ihre Bewertung ist gespeichert."))
    else:
        messages.info(request, _("Sie haben noch nichts bewertet."))
    return redirect(_board_url(workshop, "bewerten"))


# --- promote -----------------------------------------------------------------------------------

KIND_CHOICES = [
    ("measure", gettext_lazy("Maßnahme")),
    ("goal", gettext_lazy("Ziel")),
    ("value", gettext_lazy("Wert")),
]


class PromoteForm(KernFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Was soll daraus werden?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Bitte wählen Sie, was daraus werden soll.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=250,
        error_messages={"required": gettext_lazy("Bitte geben Sie einen Titel an.")},
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        help_text=gettext_lazy("Für eine Maßnahme nötig, für ein Ziel empfohlen."),
        empty_label=gettext_lazy("– bitte wählen –"),
    )
    goal = forms.ModelChoiceField(
        label=gettext_lazy("Trägt bei zum Ziel"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=gettext_lazy("Nur für eine Maßnahme."),
        empty_label=gettext_lazy("– kein Ziel –"),
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = FieldOfAction.objects.filter(strategy=strategy).order_by(
            "order", "key"
        )
        self.fields["goal"].queryset = Goal.objects.filter(strategy=strategy).order_by(
            "order", "key"
        )
        self.fields["field"].label_from_instance = lambda item: f"{item.key} {item.title}"
        self.fields["goal"].label_from_instance = lambda item: f"{item.key} {item.title}"
        bp_kinds = {"kind": "choices", "title": "input", "field": "select", "goal": "select"}
        for name, bp_kind in bp_kinds.items():
            self.fields[name].widget.bp_kind = bp_kind

    def service_values(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        values: dict = {}
        links: dict = {}
        if data["kind"] in {"measure", "goal"}:
            values["field"] = data.get("field")
        if data["kind"] == "measure" and data.get("goal"):
            links["goals"] = [data["goal"]]
        return values, links


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@refusals_roll_back
def promote(request: HttpRequest, uuid) -> HttpResponse:
    """Turn a card or cluster (`?ziel=cluster:<uuid>`) into an item of the strategy."""
    access = workshop_access(request=request, uuid=uuid)
    workshop = access.workshop
    if not access.is_facilitator:
        raise PermissionDenied(_("Das darf nur die Moderation des Workshops."))
    key = request.POST.get("ziel") or request.GET.get("ziel", "")
    target = target_for(workshop, key)
    kind_of_target = key.partition(":")[0]
    title = target.title if kind_of_target == CLUSTER else " ".join(target.text.split())
    form = PromoteForm(
        request.POST or None,
        strategy=workshop.strategy,
        initial={"kind": "measure", "title": title[:250]},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values, links = form.service_values()
            try:
                item, _promotion = item_promote(
                    actor=request.user,
                    workshop=workshop,
                    target=target,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    values=values,
                    links=links,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(item)s „%(title)s“ ist jetzt Teil der Strategie.")
                    % {"item": kind_for(item).label, "title": form.cleaned_data["title"]},
                )
                return redirect(_board_url(workshop, f"ziel-{kind_of_target}-{target.uuid}"))
        status = 400
    return render(
        request,
        PROMOTE_TEMPLATE,
        {
            "workshop": workshop,
            "form": form,
            "target_key": key,
            "target_title": title,
            "target_is_cluster": kind_of_target == CLUSTER,
            "target_cards": list(target.cards.all()) if kind_of_target == CLUSTER else [],
            "breadcrumbs": workshop_crumbs(workshop, (_("In die Strategie übernehmen"), "")),
        },
        status=status,
    )


# --- export ------------------------------------------------------------------------------------


def _export(request: HttpRequest, uuid, fmt: str) -> HttpResponse:
    access = workshop_access(request=request, uuid=uuid)
    document = result_document(
        access.workshop, participant=access.participant, can_manage=access.is_facilitator
    )
    if fmt == "md":
        response = HttpResponse(
            render_markdown(document), content_type="text/markdown; charset=utf-8"
        )
    else:
        from blaupause.reports.render_pdf import render_pdf  # WeasyPrint is heavy to import

        response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.{fmt}"'
    return response


def result_markdown(request: HttpRequest, uuid) -> HttpResponse:
    """The workshop result as Markdown; participants and facilitators."""
    return _export(request, uuid, "md")


def result_pdf(request: HttpRequest, uuid) -> HttpResponse:
    """The workshop result as PDF/UA; participants and facilitators."""
    return _export(request, uuid, "pdf")


urlpatterns = [
    path("workshops/<uuid:uuid>/punkte/", vote, name="vote"),
    path("workshops/<uuid:uuid>/bewertung/", rate, name="rate"),
    path("workshops/<uuid:uuid>/uebernehmen/", promote, name="promote"),
    path("workshops/<uuid:uuid>/ergebnis.md", result_markdown, name="result_markdown"),
    path("workshops/<uuid:uuid>/ergebnis.pdf", result_pdf, name="result_pdf"),
]
