"""Optimistic locking: a second writer never silently overwrites the first.

Forms carry the `version` they were rendered with. `save_versioned` compares it with the row in
the database inside a transaction that holds the row (SELECT … FOR UPDATE on PostgreSQL, the
write lock of an IMMEDIATE transaction on SQLite) and raises `EditConflict` when someone saved
in between. Views show both texts with `render_conflict`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _


@dataclass
class EditConflict(Exception):
    """Raised when the stored version is newer than the one the editor started from."""

    current: models.Model
    submitted: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return str(_("Jemand anderes hat diesen Datensatz inzwischen geändert."))


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int) -> models.Model:
    """Save `instance` if the stored version still equals `expected_version`, else raise."""
    model = type(instance)
    manager = getattr(model, "all_objects", model._default_manager)
    stored_version = (
        manager.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).get()
    )
    if stored_version != expected_version:
        raise EditConflict(current=manager.get(pk=instance.pk))
    instance.version = stored_version + 1
    instance.save()
    return instance


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field that `save_versioned` checks."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version


def render_conflict(request, *, form, conflict: EditConflict, template: str, context=None):
    """Show the form again with the user's text and, beside it, what is stored now.

    The form's hidden version is moved to the current one, so that saving again is a
    conscious decision to replace the other person's text.
    """
    current = conflict.current
    rows = []
    for name, bound_field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        mine = form.cleaned_data.get(name, form.data.get(name, ""))
        theirs = getattr(current, name)
        if str(mine or "") != str(theirs or ""):
            rows.append({"label": bound_field.label or name, "mine": mine, "theirs": theirs})
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    return render(
        request,
        template,
        {**(context or {}), "form": form, "conflict": True, "conflict_rows": rows},
        status=409,
    )


def versioned_edit(
    request,
    *,
    form,
    save: Callable[[dict], object],
    template: str,
    context: dict,
    success_message: str,
    success_url,
):
    """The edit flow shared by every form with optimistic locking.

    A valid POST calls `save(cleaned_data)` — a service call that passes on
    `cleaned_data["version"]` as the expected version — then confirms and redirects. A
    conflict shows both texts (409); an invalid form is shown again with the input kept.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, {**context, "form": form})
