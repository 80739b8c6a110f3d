from django.urls import path

from hub.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("email/", views.email_preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.email_unsubscribe, name="unsubscribe"),
]
