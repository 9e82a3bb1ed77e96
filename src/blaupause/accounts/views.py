"""Pages of the accounts app: dashboard, teams, invitations, API tokens and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from allauth.account.internal.flows.login import record_authentication

from . import selectors, services
from .constants import AUDIT_VERB_LABELS, INVITATION_VALID_DAYS
from .forms import AcceptInvitationForm, ApiTokenForm, AuditLogFilterForm, InvitationForm

_TEAM_DENIED = {
    "municipality": gettext_lazy(
        "Das Team einer Kommune verwalten nur ihre Digitalverantwortlichen und die "
        "Regionaladministration."
    ),
    "network": gettext_lazy(
        "Das Team eines Netzwerks verwalten nur seine Koordination und die Regionaladministration."
    ),
    "region": gettext_lazy(
        "Die Regionaladministration verwalten nur Regionaladmins dieser Region."
    ),
}


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form (field errors where it names a field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _require_team_manager(request: HttpRequest, scope) -> None:
    if not request.user.has_perm(selectors.team_permission(scope), scope):
        raise PermissionDenied(_TEAM_DENIED[selectors.scope_kind_of(scope)])


# --- dashboard ---------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_for(user=request.user)
    return render(request, "accounts/dashboard.html", {"dashboard": data, "subnav": "dashboard"})


# --- teams -------------------------------------------------------------------------------------


def _team_page(request: HttpRequest, scope) -> HttpResponse:
    _require_team_manager(request, scope)
    kind = selectors.scope_kind_of(scope)
    roles = selectors.allowed_roles(actor=request.user, scope=scope)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                **{kind: scope},
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.InvitationMailFailed:
            form.add_error(
                None,
                _(
                    "Die Einladung konnte nicht per E-Mail versendet werden; es wurde nichts "
                    "gespeichert. Bitte versuchen Sie es später noch einmal."
                ),
            )
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist versendet. Der Link gilt %(days)s Tage.")
                % {"email": invitation.email, "days": INVITATION_VALID_DAYS},
            )
            return redirect(selectors.team_url(scope))
    context = {
        "team": selectors.team_for(scope=scope),
        "form": form,
        "roles": roles,
        "scope": scope,
        "kind": kind,
    }
    return render(request, "accounts/team.html", context)


@login_required
def municipality_team(request: HttpRequest, ags: str) -> HttpResponse:
    return _team_page(request, selectors.municipality_get(ags=ags))


@login_required
def network_team(request: HttpRequest, slug: str) -> HttpResponse:
    return _team_page(request, selectors.network_get(slug=slug))


@login_required
def region_team(request: HttpRequest, slug: str) -> HttpResponse:
    return _team_page(request, selectors.region_get(slug=slug))


@login_required
def membership_remove(request: HttpRequest, uuid) -> HttpResponse:
    membership = selectors.membership_get(uuid=uuid)
    scope = membership.scope
    _require_team_manager(request, scope)
    team_url = selectors.team_url(scope)
    if request.method == "POST":
        try:
            services.membership_remove(actor=request.user, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(team_url)
        messages.success(
            request,
            _("%(person)s hat die Rolle „%(role)s“ für %(scope)s nicht mehr.")
            % {
                "person": membership.user,
                "role": membership.get_role_display(),
                "scope": scope,
            },
        )
        request.user.forget_roles()
        if request.user.has_perm(selectors.team_permission(scope), scope):
            return redirect(team_url)
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/membership_remove.html",
        {"membership": membership, "scope": scope, "team_url": team_url},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, uuid) -> HttpResponse:
    invitation = selectors.invitation_get(uuid=uuid)
    scope = invitation.scope
    _require_team_manager(request, scope)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgenommen; der Link funktioniert nicht mehr.")
            % {"email": invitation.email},
        )
    return redirect(selectors.team_url(scope))


# --- accepting an invitation -------------------------------------------------------------------


def _closed(request: HttpRequest, invitation) -> HttpResponse:
    if (
        invitation.status == "accepted"
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    ):
        messages.info(request, _("Sie haben diese Einladung bereits angenommen."))
        return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/invitation.html",
        {"state": invitation.status, "invitation": invitation},
        status=410,
    )


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """Accepting is always a POST: mail scanners that open links must not accept anything."""
    invitation = selectors.invitation_for_secret(secret=secret)
    if invitation is None:
        return render(request, "accounts/invitation.html", {"state": "unknown"}, status=404)
    if invitation.status != "open":
        return _closed(request, invitation)
    context = {"invitation": invitation, "scope": invitation.scope}

    if request.user.is_authenticated:
        if not selectors.address_belongs_to(user=request.user, email=invitation.email):
            return render(
                request, "accounts/invitation.html", {**context, "state": "wrong_user"}, status=403
            )
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except services.InvitationClosed as closed:
                return _closed(request, closed.invitation)
            messages.success(
                request,
                _("Willkommen im Team: Sie sind jetzt %(role)s für %(scope)s.")
                % {"role": invitation.get_role_display(), "scope": invitation.scope},
            )
            return redirect("accounts:dashboard")
        return render(request, "accounts/invitation.html", {**context, "state": "confirm"})

    if selectors.account_exists(email=invitation.email):
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(
            request,
            "accounts/invitation.html",
            {**context, "state": "login", "login_url": login_url},
        )

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_new_account(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationClosed as closed:
            return _closed(request, closed.invitation)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # The password was typed just now: allauth may count it as a recent
            # authentication (e.g. for setting up the second factor right away).
            record_authentication(request, user, method="password", email=user.email)
            messages.success(
                request,
                _("Ihr Konto ist angelegt. Willkommen: Sie sind jetzt %(role)s für %(scope)s.")
                % {"role": invitation.get_role_display(), "scope": invitation.scope},
            )
            return redirect("accounts:dashboard")
    return render(request, "accounts/invitation.html", {**context, "state": "signup", "form": form})


# --- API tokens --------------------------------------------------------------------------------


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List, create and revoke one's own tokens. A new key is shown on this response only."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token, new_key = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": selectors.api_tokens_of(user=request.user),
        "new_key": new_key,
        "new_token": new_token,
        "subnav": "api_tokens",
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, uuid) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, uuid=uuid)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        _("Der Token „%(name)s“ ist widerrufen und funktioniert nicht mehr.")
        % {"name": token.name},
    )
    return redirect("accounts:api_tokens")


# --- audit log ---------------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.view_audit_log"):
        raise PermissionDenied(_("Das Protokoll sieht nur die Regionaladministration ein."))
    form = AuditLogFilterForm(request.GET or None, verbs=selectors.audit_verbs())
    person = verb = ""
    if form.is_bound and form.is_valid():
        person = form.cleaned_data["person"]
        verb = form.cleaned_data["verb"]
    page = Paginator(selectors.audit_events(person=person, verb=verb), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    context = {
        "form": form,
        "page": page,
        "events": page.object_list,
        "verb_labels": AUDIT_VERB_LABELS,
        "filtered": bool(person or verb),
    }
    return render(request, "accounts/audit_log.html", context)
