"""Top-level URLs. Each app owns its own `urls.py`."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from blaupause.api.api import api
from blaupause.core import views as core_views

handler400 = "blaupause.core.views.bad_request"
handler403 = "blaupause.core.views.permission_denied"
handler404 = "blaupause.core.views.page_not_found"
handler500 = "blaupause.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    path("", include("blaupause.accounts.urls")),
    path("", include("blaupause.regions.urls")),
    path("", include("blaupause.strategies.urls")),
    path("", include("blaupause.commitments.urls")),
    path("", include("blaupause.assessments.urls")),
    path("", include("blaupause.transfer.urls")),
    path("", include("blaupause.events.urls")),
    path("", include("blaupause.workshops.urls")),
    path("", include("blaupause.consultation.urls")),
    path("", include("blaupause.notifications.urls")),
    path("", include("blaupause.collaboration.urls")),
    path("", include("blaupause.knowledge.urls")),
    path("", include("blaupause.reports.urls")),
    path("", include("blaupause.opendata.urls")),
    path("", include("blaupause.core.urls")),
    path("verwaltung/django/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
