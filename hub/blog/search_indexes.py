"""Blog posts and comments in search. Only public content is indexed: drafts, scheduled
posts, hidden posts and comments (and comments on any of those) return no documents."""

from django.utils.translation import gettext_lazy as _

from hub.blog.models import Comment, Post
from hub.core.markdown import markdown_to_text
from search.registry import PUBLIC, SearchAdapter, SearchDocument, register


def _context(post: Post) -> dict:
    councils = list(post.councils.all())
    profile = post.author.profile
    return {
        "author_name": profile.public_name,
        "author_handle": profile.handle or "",
        "council_slugs": [c.slug for c in councils],
        "council_names": [c.name for c in councils],
        "council_types": sorted({c.council_type for c in councils}),
        "nations": sorted({c.nation for c in councils}),
        "tags": [t.name for t in post.tags.all()],
        "services": [s.slug for s in post.services.all()],
    }


def _plain_body(post: Post) -> str:
    if post.body_format == Post.Format.HTML:
        import nh3

        return " ".join(nh3.clean(post.body, tags=set()).split())
    return markdown_to_text(post.body)


def _thread_sources(post) -> list[str]:
    """The post and every comment on it: never "related prior work" beside one another."""
    return [f"blog.post:{post.pk}"] + [
        f"blog.comment:{pk}" for pk in post.comments.values_list("pk", flat=True)
    ]


class PostAdapter(SearchAdapter):
    model = Post
    doc_type = "post"
    author_lookup = "author_id"
    type_label = _("Blog posts")

    def documents(self, post: Post) -> list[SearchDocument]:
        if not post.is_public:
            return []
        return [
            SearchDocument(
                doc_id=f"post:{post.pk}",
                doc_type=self.doc_type,
                title=post.title,
                body=" ".join(filter(None, [post.summary, _plain_body(post)])),
                url=post.get_absolute_url(),
                language=post.language,
                access=[PUBLIC],
                created_at=post.published_at,
                updated_at=post.edited_at or post.published_at,
                # A practitioner's write-up is the answer to "has anyone done this before?":
                # it weighs as much as the project it describes, above the files it shares.
                boost=1.3,
                **_context(post),
            )
        ]

    def related_exclusions(self, post: Post) -> list[str]:
        return _thread_sources(post)

    def queryset(self):
        return Post.objects.select_related("author__profile").prefetch_related(
            "tags", "councils", "services"
        )


class CommentAdapter(SearchAdapter):
    model = Comment
    doc_type = "comment"
    author_lookup = "author_id"
    type_label = _("Comments")
    hit_title = _("Comment")
    context_format = _("on “%(subject)s”")

    def documents(self, comment: Comment) -> list[SearchDocument]:
        post = comment.post
        if comment.is_deleted or comment.is_hidden or not post.is_public:
            return []
        context = _context(post)
        context["author_name"] = comment.author.public_name
        context["author_handle"] = comment.author.profile.handle or ""
        return [
            SearchDocument(
                doc_id=f"comment:{comment.pk}",
                doc_type=self.doc_type,
                title="Comment",
                context=post.title,
                body=markdown_to_text(comment.body),
                url=comment.get_absolute_url(),
                access=[PUBLIC],
                created_at=comment.created_at,
                updated_at=comment.edited_at or comment.created_at,
                boost=0.6,
                **context,
            )
        ]

    def related_exclusions(self, comment: Comment) -> list[str]:
        return _thread_sources(comment.post)

    def queryset(self):
        return Comment.objects.select_related(
            "author__profile", "post__author__profile"
        ).prefetch_related("post__tags", "post__councils", "post__services")


register(PostAdapter())
register(CommentAdapter())
