"""Top-level URL map: one include per domain app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hub.api import views as api_views
from hub.blog import feeds as blog_feeds
from hub.blog import views as blog_views
from hub.core import sitemap
from hub.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", sitemap.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap.sitemap_xml, name="sitemap"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("jsi18n/<str:language>/", core_views.javascript_catalog, name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("people/<str:handle>/blog/", blog_views.author_blog, name="author_blog"),
    path("people/<str:handle>/blog/feed/", blog_feeds.AuthorFeed(), name="author_blog_feed"),
    path("", include("accounts.urls")),
    path("councils/", include("hub.councils.urls")),
    path("notifications/", include("hub.notifications.urls")),
    path("webhooks/", include("hub.webhooks.urls")),
    path("", include("hub.email_replies.urls")),
    path("blog/", include("hub.blog.urls")),
    path("moderation/", include("hub.moderation.urls")),
    path("groups/", include("hub.groups.urls")),
    path("standards/", include("hub.standards.urls")),
    path("channels/", include("hub.discussions.urls")),
    path("", include("hub.sharing.urls")),
    path("", include("hub.pledges.urls")),
    path("community/", include("hub.community.urls")),
    path("follow/", include("hub.follows.urls")),
    path("search/", include("search.urls")),
    path("api/", include("hub.api.urls")),
    path("account/tokens/", api_views.tokens, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", api_views.token_revoke_view, name="api_token_revoke"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
