from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("rechtliches/<slug:kind>/", views.legal_page, name="legal"),
    path("rechtliches/<slug:kind>/bearbeiten/", views.legal_page_edit, name="legal_edit"),
]
