"""Editing the items of a strategy: add, change, delete, restore, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict, render_conflict

from .. import hooks, selectors, services
from ..forms import (
    ItemForm,
    ReasonForm,
    RestoreForm,
)
from ..items import PARENT_MEASURE, ItemKind
from ._common import (
    can_edit,
    edit_view,
    editable_strategy,
    form_status,
    strategy_crumbs,
)

# --- items -------------------------------------------------------------------------------------


def _item_crumbs(strategy, kind: ItemKind, item, label: str):
    items = []
    measure = item.measure if kind.parent == PARENT_MEASURE and item is not None else None
    if kind.name == "measure" and item is not None and item.deleted_at is None:
        measure = item
    if measure is not None and measure.deleted_at is None:
        items.append((measure.key, measure.get_absolute_url()))
    return strategy_crumbs(strategy, *items, (label, ""))


def _back_url(strategy, kind: ItemKind, item) -> str:
    if kind.parent == PARENT_MEASURE and item.measure.deleted_at is None:
        return item.measure.get_absolute_url()
    if kind.name == "measure" and item.deleted_at is None:
        return item.get_absolute_url()
    anchors = {"value": "werte", "life_area": "lebensbereiche"}
    if kind.name == "field" and item.deleted_at is None:
        return f"{strategy.get_absolute_url()}#handlungsfeld-{item.key}"
    if kind.name == "goal" and item.field_id:
        return f"{strategy.get_absolute_url()}#ziel-{item.key}"
    return f"{strategy.get_absolute_url()}#{anchors.get(kind.name, 'handlungsfelder')}"


@edit_view
def item_add(request: HttpRequest, slug: str, kind: ItemKind) -> HttpResponse:
    """Add an item; indicators and milestones need `?massnahme=<key>`."""
    strategy = editable_strategy(request, slug)
    measure = None
    if kind.parent == PARENT_MEASURE:
        key = request.GET.get("massnahme", "")
        if not key:
            raise Http404(_("Bitte wählen Sie zuerst eine Maßnahme."))
        measure = selectors.measure_get(strategy=strategy, key=key)
    initial = {}
    if kind.name in {"goal", "measure"} and request.GET.get("feld"):
        field = strategy.fields.filter(key=request.GET["feld"]).first()
        initial["field"] = field.pk if field else None
    form = ItemForm(request.POST or None, kind=kind, strategy=strategy, initial=initial)
    label = _("%(kind)s hinzufügen") % {"kind": kind.label}
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user,
                strategy=strategy,
                kind=kind,
                values=form.values(),
                links=form.links() or None,
                measure=measure,
                reason=form.reason(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(kind)s „%(title)s“ wurde hinzugefügt.")
                % {"kind": kind.label, "title": kind.label_of(item)},
            )
            return redirect(_back_url(strategy, kind, item))
    return render(
        request,
        "strategies/item_form.html",
        {
            "form": form,
            "kind": kind,
            "strategy": strategy,
            "measure": measure,
            "title": label,
            "cancel": measure.get_absolute_url() if measure else strategy.get_absolute_url(),
            "breadcrumbs": strategy_crumbs(
                strategy,
                *([(measure.key, measure.get_absolute_url())] if measure else []),
                (label, ""),
            ),
            "nav_active": "strategies",
        },
        status=form_status(form),
    )


@edit_view
def item_edit(request: HttpRequest, slug: str, kind: ItemKind, uuid) -> HttpResponse:
    strategy = editable_strategy(request, slug)
    item = selectors.item_get(strategy=strategy, kind=kind, uuid=uuid)
    form = ItemForm(request.POST or None, kind=kind, strategy=strategy, item=item)
    label = _("%(kind)s bearbeiten") % {"kind": kind.label}
    context = {
        "kind": kind,
        "item": item,
        "strategy": strategy,
        "title": label,
        "cancel": _back_url(strategy, kind, item),
        "breadcrumbs": _item_crumbs(strategy, kind, item, label),
        "nav_active": "strategies",
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                actor=request.user,
                item=item,
                values=form.values(),
                links=form.links() or None,
                expected_version=form.cleaned_data["version"],
                reason=form.reason(),
            )
        except EditConflict as conflict:
            return render_conflict(
                request,
                form=form,
                conflict=conflict,
                template="strategies/item_form.html",
                context=context,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(kind)s „%(title)s“ wurde gespeichert.")
                % {"kind": kind.label, "title": kind.label_of(item)},
            )
            return redirect(_back_url(strategy, kind, item))
    return render(
        request, "strategies/item_form.html", {**context, "form": form}, status=form_status(form)
    )


@edit_view
def item_delete(request: HttpRequest, slug: str, kind: ItemKind, uuid) -> HttpResponse:
    """Confirm (GET) and soft-delete (POST) an item."""
    strategy = editable_strategy(request, slug)
    item = selectors.item_get(strategy=strategy, kind=kind, uuid=uuid)
    error = ""
    data = request.POST if request.method == "POST" else None
    form = ReasonForm(data, strategy=strategy, action=hooks.DELETED)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_delete(actor=request.user, item=item, reason=form.reason())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                form.add_error("reason", exc.error_dict["reason"])
            else:
                error = exc.messages[0]
        else:
            messages.success(
                request,
                _(
                    "%(kind)s „%(title)s“ wurde gelöscht. Im Verlauf der Strategie können Sie es "
                    "wiederherstellen."
                )
                % {"kind": kind.label, "title": kind.label_of(item)},
            )
            return redirect(_back_url(strategy, kind, item))
    label = _("%(kind)s löschen") % {"kind": kind.label}
    return render(
        request,
        "strategies/item_delete.html",
        {
            "kind": kind,
            "item": item,
            "strategy": strategy,
            "error": error,
            "form": form,
            "title": label,
            "cancel": _back_url(strategy, kind, item),
            "breadcrumbs": _item_crumbs(strategy, kind, item, label),
            "nav_active": "strategies",
        },
        status=409 if error else form_status(form),
    )


@edit_view
@require_POST
def item_restore(request: HttpRequest, slug: str, kind: ItemKind, uuid) -> HttpResponse:
    """Bring back a soft-deleted item."""
    strategy = editable_strategy(request, slug)
    item = selectors.item_get(strategy=strategy, kind=kind, uuid=uuid, include_deleted=True)
    try:
        services.item_restore(
            actor=request.user, item=item, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("strategies:strategy_history", slug=slug)
    messages.success(
        request,
        _("%(kind)s „%(title)s“ wurde wiederhergestellt.")
        % {"kind": kind.label, "title": kind.label_of(item)},
    )
    return redirect(_back_url(strategy, kind, item))


def item_history(request: HttpRequest, slug: str, kind: ItemKind, uuid) -> HttpResponse:
    """Every stored version of an item with what changed; editors can restore one."""
    strategy = selectors.strategy_get(slug=slug, viewer=request.user)
    editor = can_edit(request, strategy)
    item = selectors.item_get(strategy=strategy, kind=kind, uuid=uuid, include_deleted=editor)
    label = _("Verlauf")
    return render(
        request,
        "strategies/item_history.html",
        {
            "kind": kind,
            "item": item,
            "strategy": strategy,
            "entries": selectors.item_history(item=item),
            "can_edit": editor,
            "title": _("Verlauf: %(title)s") % {"title": kind.label_of(item)},
            "back": _back_url(strategy, kind, item),
            "breadcrumbs": _item_crumbs(strategy, kind, item, label),
            "nav_active": "strategies",
        },
    )


@edit_view
@require_POST
def item_history_restore(
    request: HttpRequest, slug: str, kind: ItemKind, uuid, history_id: int
) -> HttpResponse:
    strategy = editable_strategy(request, slug)
    item = selectors.item_get(strategy=strategy, kind=kind, uuid=uuid, include_deleted=True)
    form = RestoreForm(request.POST)
    history_url = reverse(
        "strategies:item_history", kwargs={"slug": slug, "kind": kind, "uuid": item.uuid}
    )
    if not form.is_valid():
        messages.error(request, _("Das Formular ist unvollständig. Bitte versuchen Sie es erneut."))
        return redirect(history_url)
    try:
        services.item_history_restore(
            actor=request.user,
            item=item,
            history_id=history_id,
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict:
        messages.error(
            request,
            _(
                "Jemand anderes hat diesen Eintrag inzwischen geändert. Prüfen Sie den Verlauf "
                "und wählen Sie die Fassung erneut."
            ),
        )
        return redirect(history_url)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(history_url)
    messages.success(request, _("Die gewählte Fassung ist wieder die aktuelle."))
    return redirect(history_url)
