"""Pages of a consultation: the commentable strategy, the report, the moderation queue.

Views parse input, call one service or selector and render. Every form works without
JavaScript: a POST with errors shows the whole page again with the input kept next to the
field (status 400, 409 for a conflicting outcome).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blaupause.core.concurrency import EditConflict
from blaupause.reports.render_markdown import render_markdown

from . import selectors, services
from .constants import Outcome
from .forms import (
    CommentForm,
    ConsultationOpenForm,
    FilterForm,
    HideForm,
    OutcomeForm,
    ReplyForm,
    ReportForm,
)
from .report import consultation_document

PAGE = "consultation/consultation_page.html"


def _crumbs(strategy, *items):
    return [
        (_("Start"), reverse("regions:home")),
        (_("Strategien"), reverse("strategies:strategy_list")),
        (strategy.title, strategy.get_absolute_url()),
        *items,
    ]


def _page_url(strategy, anchor: str = "") -> str:
    url = reverse("consultation:page", kwargs={"slug": strategy.slug})
    return f"{url}#{anchor}" if anchor else url


def _login_first(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _forms_for(comment, *, user, can_comment, can_run, bound):
    def pick(kind, factory):
        if bound and bound["kind"] == kind and bound["uuid"] == comment.uuid:
            return bound["form"]
        return factory()

    auto_id = f"id_{comment.uuid.hex[:12]}_%s"
    own = user.is_authenticated and comment.author_id == user.pk
    comment.reply_form = None
    comment.report_form = None
    comment.outcome_form = None
    comment.hide_form = None
    if can_comment and not comment.is_hidden and not comment.parent_id:
        comment.reply_form = pick("reply", lambda: ReplyForm(auto_id=auto_id))
    reported = getattr(comment, "reported_by_viewer", False)
    if can_comment and not comment.is_hidden and not own and not reported:
        comment.report_form = pick("report", lambda: ReportForm(auto_id=auto_id))
    if can_run and not comment.parent_id:
        comment.outcome_form = pick(
            "outcome",
            lambda: OutcomeForm(
                auto_id=auto_id,
                initial={
                    "outcome": "" if comment.outcome == Outcome.OPEN else comment.outcome,
                    "outcome_reply": comment.outcome_reply,
                    "version": comment.outcome_version,
                },
            ),
        )
    if can_run and not comment.is_hidden:
        comment.hide_form = pick("hide", lambda: HideForm(auto_id=auto_id))
    comment.form_open = bool(bound and bound["uuid"] == comment.uuid)
    if comment.form_open:  # a submitted form with its errors stays, whatever changed since
        setattr(comment, f"{bound['kind']}_form", bound["form"])
    comment.open_kind = bound["kind"] if comment.form_open else ""


def _render_page(request, strategy, *, consultation=None, bound=None, status=200, extra=None):
    """The consultation page; `bound` puts a submitted form with its errors back in its place."""
    if consultation is None:
        consultation = selectors.consultation_for_strategy(
            strategy=strategy, round_uuid=request.GET.get("runde") or None
        )
    filters = FilterForm(request.GET or None)
    outcome, section = filters.values()
    page = selectors.consultation_page(
        strategy=strategy,
        consultation=consultation,
        viewer=request.user,
        outcome=outcome,
        section=section,
    )
    user = request.user
    can_run = user.has_perm("consultation.close_consultation", strategy)
    is_member = consultation is not None and user.has_perm("consultation.participate", consultation)
    can_comment = consultation is not None and user.has_perm(
        "consultation.add_comment", consultation
    )
    for item in page.sections:
        item.form = None
        if can_comment or (bound and bound["kind"] == "comment"):
            if bound and bound["kind"] == "comment" and bound["anchor"] == item.anchor:
                item.form = bound["form"]
            elif can_comment:
                item.form = CommentForm(
                    auto_id=f"id_{item.anchor}_%s",
                    initial={"section": item.kind, "target": item.target_uuid},
                )
        if item.form is not None:
            item.form.fields["text"].label = _("Ihr Kommentar zu %(section)s") % {
                "section": item.label if item.target is not None else _("Leitbild und Präambel")
            }
        for comment in item.threads:
            _forms_for(comment, user=user, can_comment=can_comment, can_run=can_run, bound=bound)
            for reply in comment.reply_list:
                _forms_for(reply, user=user, can_comment=can_comment, can_run=can_run, bound=bound)
    context = {
        "strategy": strategy,
        "consultation": consultation,
        "page": page,
        "filters": filters,
        "can_run": can_run,
        "can_comment": can_comment,
        "is_member": is_member,
        "breadcrumbs": _crumbs(strategy, (_("Konsultation"), "")),
        "nav_active": "strategies",
        **(extra or {}),
    }
    return render(request, PAGE, context, status=status)


@require_GET
def consultation_page(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    return _render_page(request, strategy)


def _open_consultation(strategy):
    consultation = selectors.consultation_for_strategy(strategy=strategy)
    if consultation is None:
        raise Http404(_("Zu dieser Strategie gibt es keine Konsultation."))
    return consultation


@require_POST
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    consultation = _open_consultation(strategy)
    if not request.user.has_perm("consultation.participate", consultation):
        raise PermissionDenied(services.PARTICIPATION_DENIED)
    form = CommentForm(request.POST)
    valid = form.is_valid()
    section = form.cleaned_data.get("section")
    target = None
    if section:
        target = selectors.section_target(
            strategy=strategy, section=section, uuid=form.cleaned_data.get("target")
        )
    anchor = selectors.section_anchor(section or "vision", target)
    form.auto_id = f"id_{anchor}_%s"
    if valid:
        try:
            comment = services.comment_create(
                actor=request.user,
                consultation=consultation,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
                target=target,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Danke, Ihr Kommentar ist gespeichert."))
            return redirect(_page_url(strategy, comment.anchor))
    bound = {"kind": "comment", "anchor": anchor, "uuid": None, "form": form}
    return _render_page(request, strategy, consultation=consultation, bound=bound, status=400)


#: Permission checked before a comment form is read, per form: (permission, on the
#: consultation instead of the comment, message of the refusal).
_COMMENT_PERMISSIONS = {
    "reply": ("consultation.participate", True, services.PARTICIPATION_DENIED),
    "outcome": ("consultation.set_outcome", False, services.RUN_DENIED),
    "report": ("consultation.participate", True, services.PARTICIPATION_DENIED),
    "hide": ("consultation.moderate_comment", False, services.RUN_DENIED),
}


def _comment_action(request, slug, uuid, *, kind, form_class, run, success):
    """The shared flow of the forms below a comment: check the permission, then the form,
    call the service, show errors. Someone without the right gets 403, never field errors."""
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    comment = selectors.comment_get(strategy=strategy, uuid=uuid)
    permission, on_consultation, denied = _COMMENT_PERMISSIONS[kind]
    if not request.user.has_perm(permission, comment.consultation if on_consultation else comment):
        raise PermissionDenied(denied)
    form = form_class(request.POST, auto_id=f"id_{comment.uuid.hex[:12]}_%s")
    status = 400
    extra = {}
    if form.is_valid():
        try:
            run(comment, form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        except EditConflict as conflict:
            status = 409
            current = conflict.current
            extra = {"conflict": {"uuid": comment.uuid, "current": current}}
            data = form.data.copy()
            data["version"] = str(current.outcome_version)
            form.data = data
        else:
            messages.success(request, success)
            return redirect(_page_url(strategy, comment.anchor))
    bound = {"kind": kind, "uuid": comment.uuid, "anchor": "", "form": form}
    return _render_page(
        request,
        strategy,
        consultation=comment.consultation,
        bound=bound,
        status=status,
        extra=extra,
    )


@require_POST
def comment_reply(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    def run(comment, data):
        services.comment_create(
            actor=request.user, consultation=comment.consultation, text=data["text"], parent=comment
        )

    return _comment_action(
        request,
        slug,
        uuid,
        kind="reply",
        form_class=ReplyForm,
        run=run,
        success=_("Danke, Ihre Antwort ist gespeichert."),
    )


@require_POST
def comment_outcome(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    def run(comment, data):
        services.comment_set_outcome(
            actor=request.user,
            comment=comment,
            outcome=data["outcome"],
            reply=data["outcome_reply"],
            expected_version=data["version"],
        )

    return _comment_action(
        request,
        slug,
        uuid,
        kind="outcome",
        form_class=OutcomeForm,
        run=run,
        success=_("Das Ergebnis ist gespeichert."),
    )


@require_POST
def comment_report(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    def run(comment, data):
        services.comment_report(actor=request.user, comment=comment, reason=data["reason"])

    return _comment_action(
        request,
        slug,
        uuid,
        kind="report",
        form_class=ReportForm,
        run=run,
        success=_("Danke, die Koordination prüft den Beitrag."),
    )


@require_POST
def comment_hide(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    def run(comment, data):
        services.comment_hide(actor=request.user, comment=comment, reason=data["hidden_reason"])

    if request.POST.get("from") == "meldungen":
        return _moderation_action(request, slug, uuid, hide=True)
    return _comment_action(
        request,
        slug,
        uuid,
        kind="hide",
        form_class=HideForm,
        run=run,
        success=_("Der Beitrag ist ausgeblendet."),
    )


@require_POST
def comment_restore(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    return _moderation_action(request, slug, uuid, hide=False)


def _moderation_action(request, slug, uuid, *, hide: bool) -> HttpResponse:
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    comment = selectors.comment_get(strategy=strategy, uuid=uuid)
    if not request.user.has_perm("consultation.moderate_comment", comment):
        raise PermissionDenied(services.RUN_DENIED)
    form = HideForm(request.POST, auto_id=f"id_{comment.uuid.hex[:12]}_%s") if hide else None
    try:
        if hide:
            if form.is_valid():
                services.comment_hide(
                    actor=request.user, comment=comment, reason=form.cleaned_data["hidden_reason"]
                )
            else:
                return _render_queue(request, strategy, bound=(comment.uuid, form), status=400)
        else:
            services.comment_restore(actor=request.user, comment=comment)
    except ValidationError as error:
        if form is not None:
            form.apply_errors(error)
            return _render_queue(request, strategy, bound=(comment.uuid, form), status=400)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Der Beitrag ist ausgeblendet.") if hide else _("Der Beitrag ist wieder sichtbar."),
        )
    target = request.POST.get("from")
    if target == "meldungen":
        return redirect("consultation:moderation", slug=strategy.slug)
    return redirect(_page_url(strategy, comment.anchor))


# --- opening and closing -------------------------------------------------------------------------


def consultation_open(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a round (GET shows the form, POST opens); whoever may change the strategy."""
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    if not request.user.has_perm("consultation.open_consultation", strategy):
        raise PermissionDenied(services.RUN_DENIED)
    form = ConsultationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(
                actor=request.user,
                strategy=strategy,
                ends_at=form.ends_at,
                intro=form.cleaned_data["intro"],
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Die Konsultation ist eröffnet."))
            return redirect(_page_url(strategy))
    return render(
        request,
        "consultation/consultation_open.html",
        {
            "strategy": strategy,
            "form": form,
            "breadcrumbs": _crumbs(strategy, (_("Konsultation eröffnen"), "")),
            "nav_active": "strategies",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def consultation_close(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    consultation = _open_consultation(strategy)
    try:
        services.consultation_close(actor=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Konsultation ist beendet."))
    return redirect(_page_url(strategy))


# --- report --------------------------------------------------------------------------------------


def _report_round(request, slug):
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    consultation = selectors.consultation_for_strategy(
        strategy=strategy, round_uuid=request.GET.get("runde") or None
    )
    if consultation is None:
        raise Http404(_("Zu dieser Strategie gibt es keine Konsultation."))
    return strategy, consultation


@require_GET
def consultation_report(request: HttpRequest, slug: str) -> HttpResponse:
    strategy, consultation = _report_round(request, slug)
    document = consultation_document(
        strategy=strategy, consultation=consultation, viewer=request.user
    )
    return render(
        request,
        "consultation/consultation_report.html",
        {
            "strategy": strategy,
            "consultation": consultation,
            "document": document,
            "sections": list(document.walk()),
            "round_query": f"?runde={consultation.uuid}",
            "breadcrumbs": _crumbs(
                strategy,
                (_("Konsultation"), _page_url(strategy)),
                (_("Bericht"), ""),
            ),
            "nav_active": "strategies",
        },
    )


@require_GET
def consultation_report_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    strategy, consultation = _report_round(request, slug)
    document = consultation_document(
        strategy=strategy, consultation=consultation, viewer=request.user
    )
    response = HttpResponse(render_markdown(document), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.md"'
    return response


@require_GET
def consultation_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    strategy, consultation = _report_round(request, slug)
    document = consultation_document(
        strategy=strategy, consultation=consultation, viewer=request.user
    )
    from blaupause.reports.render_pdf import render_pdf  # WeasyPrint is heavy to import

    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename_stem}.pdf"'
    return response


# --- moderation ----------------------------------------------------------------------------------


def _render_queue(request, strategy, *, bound=None, status=200):
    comments = selectors.moderation_queue(strategy=strategy)
    for comment in comments:
        if bound and bound[0] == comment.uuid:
            comment.hide_form = bound[1]
        elif not comment.is_hidden:
            comment.hide_form = HideForm(auto_id=f"id_{comment.uuid.hex[:12]}_%s")
        else:
            comment.hide_form = None
    return render(
        request,
        "consultation/moderation_queue.html",
        {
            "strategy": strategy,
            "comments": comments,
            "breadcrumbs": _crumbs(
                strategy,
                (_("Konsultation"), _page_url(strategy)),
                (_("Meldungen"), ""),
            ),
            "nav_active": "strategies",
        },
        status=status,
    )


@require_GET
def moderation_queue(request: HttpRequest, slug: str) -> HttpResponse:
    strategy = selectors.consultation_strategy(slug=slug, viewer=request.user)
    if response := _login_first(request):
        return response
    if not request.user.has_perm("consultation.close_consultation", strategy):
        raise PermissionDenied(services.RUN_DENIED)
    return _render_queue(request, strategy)
