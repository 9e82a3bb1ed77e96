"""Pages for data protection: one's own data as a file, deleting one's account, and the same
two for a regional admin acting on a person's request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import privacy
from .forms import EraseAccountForm, EraseOwnAccountForm, PersonLookupForm
from .predicates import is_regional_admin


def _download(data: bytes, user) -> HttpResponse:
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    name = f"blaupause-personendaten-{user.pk}-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What is stored about me, and the file with all of it (POST)."""
    if request.method == "POST":
        return _download(
            privacy.personal_data_export(actor=request.user, user=request.user), request.user
        )
    return render(request, "accounts/privacy_my_data.html", {"subnav": "privacy"})


@never_cache
@login_required
@sensitive_post_parameters("password")
def erase_own_account(request: HttpRequest) -> HttpResponse:
    form = EraseOwnAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_erase(actor=request.user, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Ihr Konto ist gelöscht. Auf Wiedersehen."))
            return redirect("/")
    return render(request, "accounts/privacy_erase_own.html", {"form": form})


def _require_admin(request: HttpRequest) -> None:
    if not is_regional_admin(request.user):
        raise PermissionDenied(_("Das erledigt die Regionaladministration."))


@never_cache
@login_required
def admin_privacy(request: HttpRequest) -> HttpResponse:
    """Find a person by e-mail address to hand out or erase their data on request."""
    _require_admin(request)
    form = PersonLookupForm(request.GET or None)
    person = None
    if form.is_bound and form.is_valid():
        person = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("Zu dieser Adresse gibt es kein Konto."))
    context = {"form": form, "person": person, "erase_form": EraseAccountForm()}
    return render(request, "accounts/privacy_admin.html", context)


@login_required
@require_POST
def admin_export(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    return _download(privacy.personal_data_export(actor=request.user, user=person), person)


@never_cache
@login_required
@require_POST
def admin_erase(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    form = EraseAccountForm(request.POST)
    if form.is_valid():
        try:
            privacy.account_erase(
                actor=request.user, user=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Das Konto ist gelöscht; geteilte Inhalte bleiben ohne Namen erhalten.")
            )
            return redirect("accounts:admin_privacy")
    lookup = PersonLookupForm({"email": person.email})
    lookup.is_valid()
    context = {"form": lookup, "person": person, "erase_form": form}
    return render(request, "accounts/privacy_admin.html", context, status=400)
