"""The "Offene Daten" page, the downloads (CSV, XLSX, JSON) and the DCAT-AP.de catalogue."""

from __future__ import annotations

import hashlib
import json

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .catalogue import (
    DatasetInfo,
    attribution,
    catalogue_document,
    column_docs,
    dataset_overview,
    file_meta,
)
from .catalogue import meta_rows as xlsx_meta_rows
from .datasets import dataset_get, site_license
from .ratelimit import download_allowed
from .writers import FORMATS, csv_chunks, json_chunks, xlsx_file

#: Shared caches may keep a file this long; the ETag makes a revalidation cheap.
MAX_AGE = 300


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every dataset with size, last change, licence, downloads and column documentation."""
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": dataset_overview(),
            "license": site_license(),
            "attribution": attribution(),
            "formats": [(fmt, label) for fmt, (_type, label, _uri) in FORMATS.items()],
            "breadcrumbs": [(_("Start"), reverse("regions:home")), (_("Offene Daten"), "")],
        },
    )


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "opendata/429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _rows_in_german(dataset):
    """The dataset's rows with German active while they are read (texts such as `reason`)."""
    with translation.override("de"):
        yield from dataset.rows()


def _etag(info: DatasetInfo, fmt: str) -> str:
    parts = [
        info.dataset.key,
        fmt,
        str(info.count),
        info.modified.isoformat() if info.modified else "",
        info.dataset.license.key,
    ]
    # Weak: the same data, though `generated` in the metadata differs from call to call.
    return 'W/"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


@require_safe
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One dataset as a file; 304 when the client has it, 429 when it asks too often."""
    dataset = dataset_get(key)
    if fmt not in FORMATS:
        raise Http404(_("Dieses Dateiformat gibt es nicht."))
    allowed, wait = download_allowed(request)
    if not allowed:
        return _too_many(request, wait)
    count, modified = dataset.stats()
    info = DatasetInfo(dataset, count, modified)
    etag = _etag(info, fmt)
    last_modified = modified.timestamp() if modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified

    content_type = FORMATS[fmt][0]
    filename = f"blaupause-{dataset.key}.{fmt}"
    source = request.build_absolute_uri(reverse("opendata:index"))
    # Files are the same in every UI language: German texts, English ones in the `_en` fields.
    with translation.override("de"):
        columns = column_docs(dataset)
        meta = file_meta(info, source=source)
        if fmt == "xlsx":
            handle = xlsx_file(columns=columns, rows=dataset.rows(), meta_rows=xlsx_meta_rows(meta))
    if fmt == "xlsx":
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    else:
        if fmt == "csv":
            chunks = csv_chunks(dataset.column_keys, _rows_in_german(dataset))
        else:
            chunks = json_chunks(meta, columns, _rows_in_german(dataset))
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP.de catalogue of every dataset and file, as JSON-LD."""
    page_url = request.build_absolute_uri(reverse("opendata:index"))

    def absolute(key: str, fmt: str) -> str:
        return request.build_absolute_uri(
            reverse("opendata:download", kwargs={"key": key, "fmt": fmt})
        )

    with translation.override("de"):  # German texts tagged "de", English ones tagged "en"
        document = catalogue_document(
            overview=dataset_overview(),
            absolute=absolute,
            page_url=page_url,
            self_url=request.build_absolute_uri(reverse("opendata:catalogue")),
        )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
