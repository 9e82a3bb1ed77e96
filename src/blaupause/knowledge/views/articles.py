"""Views of the knowledge articles: list, page, write, change, history, publish, attachments
and the "Übernehmen" action of a best practice. Thin: parse input, check the permission, call a
selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from blaupause.core.concurrency import EditConflict, render_conflict
from blaupause.core.markdown import render_markdown
from blaupause.regions.models import Municipality

from .. import constants
from ..constants import ArticleKind, ArticleStatus
from ..forms.articles import (
    AdoptForm,
    ArticleEditForm,
    ArticleFilterForm,
    ArticleForm,
    AttachmentForm,
    PublishForm,
    article_initial,
)
from ..rules.articles import has_role, may_write_articles
from ..selectors import articles as selectors
from ..services import articles as services

PAGE_SIZE = 20
#: Room for the other form fields and the multipart framing around an attachment.
FORM_OVERHEAD_BYTES = 64 * 1024


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _crumbs(*items) -> list[tuple[str, str]]:
    return [
        (_("Start"), reverse("regions:home")),
        (_("Wissen"), reverse("knowledge:article_list")),
        *items,
    ]


def _article_crumbs(article, *items) -> list[tuple[str, str]]:
    if items:
        return _crumbs((article.title, article.get_absolute_url()), *items)
    return _crumbs((article.title, ""))


def _tags(article) -> list[str]:
    return [tag.strip() for tag in (article.tags or "").split(",") if tag.strip()]


# --- list --------------------------------------------------------------------------------------


def article_list(request: HttpRequest) -> HttpResponse:
    """Published articles the viewer may see, filtered by kind and municipality; the search box
    sends its query to the knowledge search."""
    municipalities = list(selectors.article_municipality_choices())
    filters = ArticleFilterForm(
        request.GET or None,
        municipality_choices=[(m.ags, m.name) for m in municipalities],
    )
    values = filters.values()
    municipality = next((m for m in municipalities if m.ags == values["kommune"]), None)
    rows = selectors.article_list(
        viewer=request.user, kind=values["art"], municipality=municipality
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("seite"))
    drafts = []
    if request.user.is_authenticated:
        drafts = list(
            selectors.article_list(viewer=request.user, drafts=True)
            .filter(status=ArticleStatus.DRAFT)
            .order_by("-updated_at", "id")[:PAGE_SIZE]
        )
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "knowledge/articles/article_list.html",
        {
            "page": page,
            "filters": filters,
            "drafts": drafts,
            "query": query.urlencode(),
            "can_add": may_write_articles(request.user),
            "breadcrumbs": [(_("Start"), reverse("regions:home")), (_("Wissen"), "")],
            "nav_active": "knowledge",
        },
    )


# --- page --------------------------------------------------------------------------------------


def _adopt_choices(user, article) -> list[tuple[str, str]]:
    """The viewer's municipalities (as CDO) that may adopt this best practice."""
    if (
        article.kind != ArticleKind.BEST_PRACTICE
        or not article.is_published
        or not article.measure_id
        or not user.is_authenticated
        or not user.roles.cdo_municipality_ids
    ):
        return []
    municipalities = Municipality.objects.filter(pk__in=user.roles.cdo_municipality_ids).order_by(
        "name"
    )
    return [
        (m.ags, m.name)
        for m in municipalities
        if services.adoptable(article=article, municipality=m)
    ]


def _attribution(article) -> str:
    """Whom to name when reusing the text: the author municipality, else the region."""
    if article.author_municipality_id:
        return article.author_municipality.name
    if article.region_id:
        return article.region.name
    return "–"


def _detail_context(request, article, **extra) -> dict:
    user = request.user
    can_change = user.has_perm("knowledge.change_article", article)
    adopt_choices = _adopt_choices(user, article)
    context = {
        "article": article,
        "body_html": render_markdown(article.body),
        "tags": _tags(article),
        "attribution": _attribution(article),
        "attachments": selectors.article_attachments(article),
        "can_change": can_change,
        "adopt_form": AdoptForm(municipality_choices=adopt_choices) if adopt_choices else None,
        "publish_form": PublishForm(initial={"version": article.version}),
        "breadcrumbs": _article_crumbs(article),
        "nav_active": "knowledge",
    }
    context.update(extra)
    return context


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One article: text, attachments, licence, author municipality, tools for its editors."""
    article = selectors.article_get(slug=slug, viewer=request.user)
    return render(
        request, "knowledge/articles/article_detail.html", _detail_context(request, article)
    )


# --- write and change --------------------------------------------------------------------------


def _author_choices(user) -> list[tuple[str, str]]:
    roles = user.roles
    rows = Municipality.objects.filter(pk__in=roles.member_municipality_ids).order_by("name")
    choices = [(m.ags, m.name) for m in rows]
    if roles.is_regional_admin or user.is_superuser:
        choices.append(("region", _("keine Kommune (Regionaladministration)")))
    return choices


def article_create(request: HttpRequest) -> HttpResponse:
    """Write a new article; it starts as a draft."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("knowledge.add_article"):
        raise PermissionDenied(services.ADD_DENIED)
    choices = _author_choices(request.user)
    initial = {}
    if request.GET.get("art") in ArticleKind.values:
        initial["kind"] = request.GET["art"]
    form = ArticleForm(request.POST or None, municipality_choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        ags = form.cleaned_data["municipality"]
        municipality = None
        if ags != "region":
            municipality = Municipality.objects.select_related("district__region").get(ags=ags)
        try:
            article = services.article_create(
                actor=request.user, municipality=municipality, **form.service_values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Der Artikel ist als Entwurf gespeichert. Fügen Sie Anhänge hinzu oder "
                    "veröffentlichen Sie ihn."
                ),
            )
            return redirect(article.get_absolute_url())
    return render(
        request,
        "knowledge/articles/article_form.html",
        {
            "form": form,
            "article": None,
            "breadcrumbs": _crumbs((_("Neuer Artikel"), "")),
            "nav_active": "knowledge",
        },
        status=400 if form.is_bound else 200,
    )


def _changeable(request, slug):
    if not request.user.is_authenticated:
        raise Http404
    article = selectors.article_get_for_change(slug=slug, viewer=request.user)
    if not request.user.has_perm("knowledge.change_article", article):
        raise PermissionDenied(services.ARTICLE_DENIED)
    return article


def _edit_context(request, article, **extra) -> dict:
    context = {
        "article": article,
        "attachments": selectors.article_attachments(article),
        "attachment_form": AttachmentForm(limit_mb=services.attachment_limit_mb()),
        "breadcrumbs": _article_crumbs(article, (_("Bearbeiten"), "")),
        "nav_active": "knowledge",
    }
    context.update(extra)
    return context


def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change an article's text and settings; a concurrent change shows both texts."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = _changeable(request, slug)
    template = "knowledge/articles/article_edit.html"
    if request.method == "POST":
        form = ArticleEditForm(request.POST, instance=article)
    else:
        form = ArticleEditForm(initial=article_initial(article), instance=article)
    context = _edit_context(request, article)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                actor=request.user,
                article=article,
                expected_version=data["version"],
                **form.service_values(),
            )
        except EditConflict as conflict:
            return render_conflict(
                request, form=form, conflict=conflict, template=template, context=context
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(article.get_absolute_url())
    return render(
        request, template, {**context, "form": form}, status=400 if form.is_bound else 200
    )


def article_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every stored version of an article, who saved it and when, with a word diff."""
    article = selectors.article_get(slug=slug, viewer=request.user)
    return render(
        request,
        "knowledge/articles/article_history.html",
        {
            "article": article,
            "entries": selectors.article_history(article),
            "show_people": has_role(request.user),
            "breadcrumbs": _article_crumbs(article, (_("Verlauf"), "")),
            "nav_active": "knowledge",
        },
    )


@require_POST
def article_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish a draft, or take a published article back to draft."""
    article = _changeable(request, slug)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte laden Sie die Seite neu und versuchen Sie es erneut."))
        return redirect(article.get_absolute_url())
    publish = form.cleaned_data["publish"]
    try:
        services.article_publish(
            actor=request.user,
            article=article,
            expected_version=form.cleaned_data["version"],
            publish=publish,
        )
    except EditConflict:
        messages.error(
            request,
            _(
                "Jemand anderes hat diesen Artikel inzwischen geändert. Bitte prüfen Sie die "
                "aktuelle Fassung und versuchen Sie es erneut."
            ),
        )
        return redirect(article.get_absolute_url())
    if publish:
        messages.success(request, _("Der Artikel ist veröffentlicht."))
    else:
        messages.success(request, _("Der Artikel ist wieder ein Entwurf."))
    return redirect(article.get_absolute_url())


# --- attachments -------------------------------------------------------------------------------


def _too_large(request: HttpRequest) -> bool:
    """True when the request body is larger than any allowed attachment could make it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > constants.MAX_ATTACHMENT_BYTES + FORM_OVERHEAD_BYTES


@csrf_exempt
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an attachment. An upload that is too large is refused from its declared length,
    before the body is read (and before the CSRF check, which would read it); nothing is
    written then. Everything else goes through the CSRF check as usual."""
    if request.method != "POST":
        return redirect("knowledge:article_edit", slug=slug)
    if _too_large(request):
        if not request.user.is_authenticated:
            raise Http404
        article = _changeable(request, slug)
        form = AttachmentForm(data={}, files={}, limit_mb=services.attachment_limit_mb())
        form.full_clean()
        form.errors.clear()
        form.add_error("file", services.attachment_too_large_message())
        return render(
            request,
            "knowledge/articles/article_edit.html",
            {
                **_edit_context(request, article, attachment_form=form),
                "form": ArticleEditForm(initial=article_initial(article), instance=article),
            },
            status=413,
        )
    return _attachment_add(request, slug)


@csrf_protect
def _attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    article = _changeable(request, slug)
    form = AttachmentForm(request.POST, request.FILES, limit_mb=services.attachment_limit_mb())
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user,
                article=article,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Datei „%(name)s“ ist angehängt.") % {"name": attachment.original_name},
            )
            return redirect(reverse("knowledge:article_edit", kwargs={"slug": slug}) + "#anhaenge")
    return render(
        request,
        "knowledge/articles/article_edit.html",
        {
            **_edit_context(request, article, attachment_form=form),
            "form": ArticleEditForm(initial=article_initial(article), instance=article),
        },
        status=400,
    )


def attachment_download(request: HttpRequest, uuid) -> FileResponse:
    """Send an attachment as a download, visible exactly like its article."""
    attachment = selectors.attachment_get(uuid=uuid, viewer=request.user)
    try:
        handle = attachment.file.open("rb")
    except (OSError, ValueError):
        raise Http404(_("Diese Datei ist nicht mehr vorhanden.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def attachment_delete(request: HttpRequest, uuid) -> HttpResponse:
    """Remove an attachment (soft: an admin can restore it)."""
    if not request.user.is_authenticated:
        raise Http404
    attachment = selectors.attachment_get(uuid=uuid, viewer=request.user)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(
        request, _("Die Datei „%(name)s“ wurde entfernt.") % {"name": attachment.original_name}
    )
    return redirect(
        reverse("knowledge:article_edit", kwargs={"slug": attachment.article.slug}) + "#anhaenge"
    )


# --- adopt a best practice ---------------------------------------------------------------------


@require_POST
def best_practice_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    """A CDO commits their municipality to the measure of a best practice (or raises an
    existing commitment)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("knowledge:article_detail", kwargs={"slug": slug}))
    article = selectors.article_get(slug=slug, viewer=request.user)
    choices = _adopt_choices(request.user, article)
    if not choices:
        raise PermissionDenied(services.ADOPT_DENIED)
    form = AdoptForm(request.POST, municipality_choices=choices)
    if form.is_valid():
        municipality = Municipality.objects.select_related("district__region").get(
            ags=form.cleaned_data["municipality"]
        )
        try:
            result = services.best_practice_adopt(
                actor=request.user,
                article=article,
                municipality=municipality,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            values = {
                "municipality": municipality.name,
                "measure": str(article.measure),
                "role": result.commitment.get_role_display(),
            }
            if result.outcome == services.CREATED:
                text = _(
                    "%(municipality)s ist jetzt an „%(measure)s“ beteiligt (%(role)s, geplant)."
                )
            elif result.outcome == services.RAISED:
                text = _(
                    "Die Beteiligung von %(municipality)s an „%(measure)s“ ist jetzt: %(role)s."
                )
            else:
                text = _(
                    "%(municipality)s ist an „%(measure)s“ bereits beteiligt (%(role)s); es hat "
                    "sich nichts geändert."
                )
            messages.success(request, text % values)
            return redirect(article.get_absolute_url())
    return render(
        request,
        "knowledge/articles/article_detail.html",
        _detail_context(request, article, adopt_form=form),
        status=400,
    )


urlpatterns = [
    path("wissen/", article_list, name="article_list"),
    path("wissen/neu/", article_create, name="article_create"),
    path("wissen/artikel/<slug:slug>/", article_detail, name="article_detail"),
    path("wissen/artikel/<slug:slug>/bearbeiten/", article_edit, name="article_edit"),
    path("wissen/artikel/<slug:slug>/verlauf/", article_history, name="article_history"),
    path("wissen/artikel/<slug:slug>/veroeffentlichen/", article_publish, name="article_publish"),
    path("wissen/artikel/<slug:slug>/anhaenge/", attachment_add, name="attachment_add"),
    path(
        "wissen/artikel/<slug:slug>/uebernehmen/", best_practice_adopt, name="best_practice_adopt"
    ),
    path("wissen/anhang/<uuid:uuid>/", attachment_download, name="attachment_download"),
    path("wissen/anhang/<uuid:uuid>/entfernen/", attachment_delete, name="attachment_delete"),
]
