"""The trash page of the regional administration: what was deleted, and getting it back."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import trash


def trash_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_trash"):
        raise PermissionDenied(_("Den Papierkorb sieht nur die Regionaladministration."))
    context = {
        "groups": trash.trash_groups(request.user),
        "retention_days": trash.retention_days(),
    }
    return render(request, "core/trash.html", context)


@require_POST
def trash_restore(request: HttpRequest, model_label: str, uuid) -> HttpResponse:
    try:
        obj = trash.trash_get(model_label, uuid)
    except LookupError as error:
        raise Http404 from error
    if not trash.may_restore(request.user, obj):
        raise Http404
    try:
        trash.trash_restore(actor=request.user, obj=obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("„%(name)s“ ist wiederhergestellt.") % {"name": str(obj)[:120]})
    return redirect("core:trash")
