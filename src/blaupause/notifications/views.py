"""Pages of the notifications app: the list, what I follow, settings, the follow button and
unsubscribing from mails without logging in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import SettingsForm

PAGE_SIZE = 25


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@never_cache
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "unread": selectors.unread_count(request)},
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("notifications:list")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (only to this site)."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = reverse("notifications:list")
    return HttpResponseRedirect(url)


@never_cache
@login_required
def follow_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "notifications/follow_list.html", {"rows": selectors.follows_of(user=request.user)}
    )


@login_required
@require_POST
def follow_end(request: HttpRequest, pk: int) -> HttpResponse:
    follow = selectors.follow_get(user=request.user, pk=pk)
    services.follow_delete(actor=request.user, follow=follow)
    messages.success(request, _("Sie folgen diesem Eintrag nicht mehr."))
    return redirect("notifications:follows")


@require_POST
def follow_toggle(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Follow (`action=follow`) or stop following (`action=unfollow`) an object the person may
    see; 404 for anything else. htmx gets the button back, everyone else the page."""
    if not request.user.is_authenticated:
        return redirect_to_login(_safe_next(request, "/"))
    obj = selectors.followable_get(user=request.user, key=key, pk=pk)
    if request.POST.get("action") == "unfollow":
        follow = selectors.follow_of(user=request.user, obj=obj)
        if follow is not None:
            services.follow_delete(actor=request.user, follow=follow)
        text = _("Sie folgen „%(label)s“ nicht mehr.") % {"label": obj}
    else:
        services.follow_create(actor=request.user, target=obj)
        text = _("Sie folgen jetzt „%(label)s“.") % {"label": obj}
    if request.htmx:
        return render(
            request, "notifications/slots/follow.html", {"object": obj, "status_text": text}
        )
    messages.success(request, text)
    fallback = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
    return redirect(_safe_next(request, fallback))


@never_cache
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    current = selectors.settings_of(user=request.user)
    form = SettingsForm(
        request.POST if request.method == "POST" else None, initial={"frequency": current.frequency}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, frequency=form.cleaned_data["frequency"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihre Einstellungen sind gespeichert."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# Mail programs unsubscribe with a plain POST to the List-Unsubscribe address (RFC 8058
# one-click): it comes without a session or a CSRF token. The signed token in the address is
# what authorises it, and the only thing it can do is switch the person's mails off, so this
# one view is exempt from the CSRF check; every other form of the app keeps it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = services.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribe_done.html", {"email": user.email})
    return render(request, "notifications/unsubscribe_confirm.html", {"token": token})
