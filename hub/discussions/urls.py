from django.urls import path

from hub.discussions import views

app_name = "discussions"
urlpatterns = [
    path("", views.channel_list, name="list"),
    path("new/", views.channel_create, name="create"),
    path("<slug:slug>/", views.channel_detail, name="detail"),
    path("<slug:slug>/post/", views.message_create, name="post"),
    path("<slug:slug>/settings/", views.channel_settings, name="settings"),
    path("<slug:slug>/m/<int:seq>/", views.message_thread, name="thread"),
    path("<slug:slug>/m/<int:seq>/edit/", views.message_edit, name="edit"),
    path("<slug:slug>/m/<int:seq>/delete/", views.message_delete, name="delete"),
    path("<slug:slug>/m/<int:seq>/useful/", views.message_useful, name="useful"),
    path("<slug:slug>/m/<int:seq>/keep/", views.thread_keep, name="keep"),
]
