from django.urls import path

from hub.blog import feeds, views

app_name = "blog"
urlpatterns = [
    path("", views.blog_list, name="list"),
    path("feed/", feeds.HubFeed(), name="feed"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("councils/<slug:slug>/feed/", feeds.CouncilFeed(), name="council_feed"),
    path("write/", views.post_new, name="new"),
    path("yours/", views.my_posts, name="mine"),
    path("settings/", views.blog_settings, name="settings"),
    path("<str:handle>/<slug:slug>/", views.post_detail, name="post"),
    path("<str:handle>/<slug:slug>/edit/", views.post_edit, name="edit"),
    path("<str:handle>/<slug:slug>/delete/", views.post_delete, name="delete"),
    path("<str:handle>/<slug:slug>/useful/", views.post_useful, name="useful"),
    path("<str:handle>/<slug:slug>/comments/", views.comment_create, name="comment"),
    path(
        "<str:handle>/<slug:slug>/comments/<int:pk>/edit/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "<str:handle>/<slug:slug>/comments/<int:pk>/delete/",
        views.comment_delete,
        name="comment_delete",
    ),
    path(
        "<str:handle>/<slug:slug>/comments/<int:pk>/useful/",
        views.comment_useful,
        name="comment_useful",
    ),
]
