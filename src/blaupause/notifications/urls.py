"""URLs of the notifications app."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("mein-bereich/benachrichtigungen/", views.notification_list, name="list"),
    path(
        "mein-bereich/benachrichtigungen/alle-gelesen/", views.mark_all_read, name="mark_all_read"
    ),
    path(
        "mein-bereich/benachrichtigungen/<int:pk>/oeffnen/",
        views.notification_open,
        name="open",
    ),
    path("mein-bereich/benachrichtigungen/einstellungen/", views.settings_edit, name="settings"),
    path("mein-bereich/folge-ich/", views.follow_list, name="follows"),
    path("mein-bereich/folge-ich/<int:pk>/beenden/", views.follow_end, name="follow_end"),
    path("benachrichtigungen/folgen/<str:key>/<int:pk>/", views.follow_toggle, name="follow"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
