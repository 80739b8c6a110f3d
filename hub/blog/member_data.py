"""What the blog keeps about a member: posts, comments, "useful" marks, imported feeds."""

from accounts.lifecycle.registry import rows
from hub.blog import services
from hub.blog.models import Comment, CommentUseful, Post, PostUseful, SyndicatedFeed


def export(user) -> dict:
    posts = Post.objects.filter(author=user).order_by("created_at")
    return {
        "posts": [
            {
                **row,
                "tags": sorted(post.tags.names()),
            }
            for post, row in zip(
                posts.prefetch_related("tags"),
                posts.values(
                    "title",
                    "slug",
                    "summary",
                    "body",
                    "body_format",
                    "status",
                    "published_at",
                    "created_at",
                    "edited_at",
                    "canonical_url",
                ),
                strict=True,
            )
        ],
        "comments": rows(
            Comment.objects.filter(author=user, is_deleted=False).order_by("created_at"),
            "post__title",
            "post__slug",
            "body",
            "created_at",
            "edited_at",
        ),
        "useful_posts": rows(PostUseful.objects.filter(user=user), "post__title", "created_at"),
        "useful_comments": rows(
            CommentUseful.objects.filter(user=user), "comment_id", "created_at"
        ),
        "imported_feeds": rows(
            SyndicatedFeed.objects.filter(owner=user), "url", "title", "is_active", "created_at"
        ),
    }


def erase(user, *, remove_content: bool) -> dict:
    feeds, _ = SyndicatedFeed.objects.filter(owner=user).delete()
    counts = {"feeds": feeds, "posts": 0, "comments": 0}
    if remove_content:
        for post in Post.objects.filter(author=user):
            services.post_delete(post=post, actor=user)
            counts["posts"] += 1
        for comment in Comment.objects.filter(author=user, is_deleted=False):
            services.comment_delete(comment=comment, actor=user)
            counts["comments"] += 1
    return counts
