"""Views of the expert finder: "Wer hat das schon gemacht?" and a person's consent form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from blaupause.core.forms import add_service_errors

from ..forms.experts import ExpertFinderForm, ExpertListingForm
from ..selectors.experts import expert_finder as find_experts
from ..selectors.experts import expert_listing_for
from ..services.experts import expert_listing_update


def _crumbs(*items):
    return [
        (_("Start"), reverse("regions:home")),
        (_("Wissen"), reverse("knowledge:article_list")),
        *items,
    ]


def expert_finder(request: HttpRequest) -> HttpResponse:
    """Who has already done this? Municipalities that led measures or joint projects on a
    topic, and people who agreed to be asked."""
    form = ExpertFinderForm(request.GET or None)
    topic = form.topic()
    result = find_experts(topic=topic, viewer=request.user) if topic else None
    listing = expert_listing_for(request.user) if request.user.is_authenticated else None
    return render(
        request,
        "knowledge/experts/finder.html",
        {
            "form": form,
            "topic": topic,
            "result": result,
            "listing": listing,
            "breadcrumbs": _crumbs((_("Wer hat das schon gemacht?"), "")),
            "nav_active": "knowledge",
        },
    )


@login_required
def expert_consent(request: HttpRequest) -> HttpResponse:
    """A person decides whether and with which topics they appear in the expert finder."""
    listing = expert_listing_for(request.user)
    initial = {}
    if listing is not None:
        initial = {
            "listed": listing.listed,
            "topics": listing.topics,
            "contact_note": listing.contact_note,
        }
    form = ExpertListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = expert_listing_update(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if listing.listed:
                messages.success(request, _("Danke! Sie erscheinen jetzt im Expertenverzeichnis."))
            else:
                messages.success(request, _("Sie erscheinen nicht im Expertenverzeichnis."))
            return redirect("knowledge:expert_consent")
    return render(
        request,
        "knowledge/experts/consent.html",
        {
            "form": form,
            "listing": listing,
            "breadcrumbs": _crumbs(
                (_("Wer hat das schon gemacht?"), reverse("knowledge:expert_finder")),
                (_("Mein Eintrag"), ""),
            ),
            "nav_active": "knowledge",
        },
        status=400 if form.is_bound else 200,
    )


urlpatterns = [
    path("wissen/expertise/", expert_finder, name="expert_finder"),
    path("wissen/expertise/mein-eintrag/", expert_consent, name="expert_consent"),
]
