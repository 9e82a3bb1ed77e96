"""URLs of the consultation app."""

from django.urls import path

from . import views

app_name = "consultation"

_BASE = "strategien/<slug:slug>/konsultation/"

urlpatterns = [
    path(_BASE, views.consultation_page, name="page"),
    path(f"{_BASE}eroeffnen/", views.consultation_open, name="open"),
    path(f"{_BASE}beenden/", views.consultation_close, name="close"),
    path(f"{_BASE}kommentieren/", views.comment_create, name="comment_create"),
    path(f"{_BASE}bericht/", views.consultation_report, name="report"),
    path(f"{_BASE}bericht.md", views.consultation_report_markdown, name="report_markdown"),
    path(f"{_BASE}bericht.pdf", views.consultation_report_pdf, name="report_pdf"),
    path(f"{_BASE}meldungen/", views.moderation_queue, name="moderation"),
    path(f"{_BASE}beitraege/<uuid:uuid>/antworten/", views.comment_reply, name="reply"),
    path(f"{_BASE}beitraege/<uuid:uuid>/ergebnis/", views.comment_outcome, name="outcome"),
    path(f"{_BASE}beitraege/<uuid:uuid>/melden/", views.comment_report, name="report_comment"),
    path(f"{_BASE}beitraege/<uuid:uuid>/ausblenden/", views.comment_hide, name="hide"),
    path(f"{_BASE}beitraege/<uuid:uuid>/einblenden/", views.comment_restore, name="restore"),
]
