"""The hub's URLs plus /bench/minimal/, the smallest Django view, as the benchmark's baseline,
and /bench/json/, the smallest Django JSON view (bench/api.py's baseline).

It goes through the same middleware stack (sessions, CSRF, auth, CSP) as every page, so the
ratio to it is the cost of the page itself."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from hub.urls import urlpatterns as hub_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def minimal_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


def _card(post) -> dict:
    profile = post.author.profile
    return {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "summary": post.summary,
        "author": profile.display_name,
        "author_handle": profile.handle,
        "status": post.status,
        "published_at": post.published_at,
        "tags": [t.name for t in post.card_tags],
        "councils": [c.slug for c in post.card_councils],
        "comment_count": post.comment_count,
        "useful_count": post.useful_count,
        "url": f"/blog/{profile.handle}/{post.slug}/",
    }


def posts_json(request: HttpRequest) -> JsonResponse:
    """A bare Django JSON view of the API's post list: the same selector and fields, written
    by hand, with no authentication, scopes, rate limit, cursor, schema or ETag."""
    from hub.blog.selectors import post_list

    return JsonResponse({"items": [_card(p) for p in post_list()[:20]], "next_cursor": None})


def post_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The same for one post (the API's detail)."""
    from hub.blog.models import Post
    from hub.blog.selectors import with_list_data

    post = (
        with_list_data(Post.objects.published()).defer(None).prefetch_related("services").get(pk=pk)
    )
    return JsonResponse(
        {
            **_card(post),
            "body": post.body,
            "body_format": post.body_format,
            "services": sorted(s.slug for s in post.services.all()),
            "canonical_url": post.canonical_url,
            "updated_at": post.updated_at,
        }
    )


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/json/", minimal_json),
    path("bench/posts-json/", posts_json),
    path("bench/posts-json/<int:pk>/", post_json),
    *hub_urlpatterns,
]
