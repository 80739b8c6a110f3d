"""Standards in search: one document per section of each standard's latest version, and one
per comment thread. Members-only groups' content carries the key "group:<id>"."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.markdown import markdown_to_text
from hub.groups.selectors import group_ids_for_member
from hub.standards.models import CommentThread, StandardVersion, Status, ThreadState
from hub.standards.selectors import latest_version
from search.facets import register_labeller
from search.registry import PUBLIC, SearchAdapter, SearchDocument, register

VERSION_TAG = "version "  # a section's tag "version 1.2", shown as "version 1.2" translated


def group_access(group) -> list[str]:
    return [PUBLIC] if group.is_public else [f"group:{group.pk}"]


class StandardSectionAdapter(SearchAdapter):
    model = StandardVersion
    doc_type = "standard_section"
    type_label = _("Standards")

    def queryset(self):
        return StandardVersion.objects.select_related("standard__group").prefetch_related(
            "blocks", "standard__services"
        )

    @staticmethod
    def _councils(standard) -> list:
        """The councils a standard belongs to in search: its adopters and its drafters' councils.

        A newcomer filtering by council type ("district councils") should find the standards
        councils like theirs adopted or helped write.
        """
        from hub.councils.models import Council

        return list(
            Council.objects.filter(
                Q(
                    standard_adoptions__standard=standard,
                    standard_adoptions__withdrawn_at__isnull=True,
                )
                | Q(
                    practitioners__user__group_memberships__group=standard.group,
                    practitioners__user__group_memberships__state="active",
                )
            )
            .distinct()
            .order_by("name")
        )

    def documents(self, version: StandardVersion) -> list[SearchDocument]:
        standard = version.standard
        latest = latest_version(standard)
        if latest is None or latest.pk != version.pk:
            return []  # only the latest version of a standard is searchable
        access = group_access(standard.group)
        services = [s.slug for s in standard.services.all()]
        councils = self._councils(standard)
        # A section is a heading and the paragraphs up to the next heading; text before the
        # first heading forms a section anchored on its first paragraph.
        sections: list[tuple[str, str, list[str]]] = []
        for block in version.blocks.all():  # Block orders by position; prefetched
            if block.kind == "heading" or not sections:
                title = block.text.lstrip("#").strip() if block.kind == "heading" else ""
                sections.append((block.anchor, block.heading_path or title, []))
                if block.kind == "heading":
                    continue
            sections[-1][2].append(markdown_to_text(block.text))
        return [
            SearchDocument(
                doc_id=f"standard_section:{version.pk}:{anchor}",
                doc_type=self.doc_type,
                title=f"{standard.title}: {path}" if path else standard.title,
                body=" ".join(texts) or markdown_to_text(standard.summary),
                url=f"{version.get_absolute_url()}#{anchor}",
                language=standard.language,
                access=access,
                created_at=version.published_at,
                updated_at=version.published_at,
                services=services,
                council_slugs=[c.slug for c in councils],
                council_names=[c.name for c in councils],
                council_types=sorted({c.council_type for c in councils}),
                nations=sorted({c.nation for c in councils}),
                tags=[standard.status, f"{VERSION_TAG}{version.number}"],
                boost=1.5,
            )
            for anchor, path, texts in sections
        ]

    def viewer_keys(self, user):
        return {f"group:{group_id}" for group_id in group_ids_for_member(user)}


class StandardCommentAdapter(SearchAdapter):
    model = CommentThread
    doc_type = "standard_comment"
    author_lookup = "author_id"
    type_label = _("Comments on standards")
    hit_title = _("Comment")
    context_format = _("on %(subject)s")

    def queryset(self):
        return (
            CommentThread.objects.filter(is_hidden=False)
            .select_related("standard__group", "author__profile", "council")
            .prefetch_related("comments")
        )

    def documents(self, thread: CommentThread) -> list[SearchDocument]:
        if thread.is_hidden:
            return []  # hidden by a moderator
        standard = thread.standard
        profile = getattr(thread.author, "profile", None) if thread.author else None
        replies = " ".join(
            markdown_to_text(c.body) for c in thread.comments.all() if not c.is_hidden
        )
        council = thread.council
        return [
            SearchDocument(
                doc_id=f"standard_comment:{thread.pk}",
                doc_type=self.doc_type,
                title="Comment",
                context=(
                    f"{standard.title}: {thread.heading_path}"
                    if thread.heading_path
                    else standard.title
                ),
                body=" ".join(
                    part
                    for part in (
                        markdown_to_text(thread.body),
                        markdown_to_text(thread.editor_response),
                        replies,
                    )
                    if part
                ),
                url=thread.get_absolute_url(),
                access=group_access(standard.group),
                created_at=thread.created_at,
                updated_at=thread.updated_at,
                author_name=profile.public_name if profile else "",
                author_handle=(profile.handle or "") if profile else "",
                council_slugs=[council.slug] if council else [],
                council_names=[council.name] if council else [],
                council_types=[council.council_type] if council else [],
                nations=[council.nation] if council else [],
                tags=[thread.state],
                boost=0.8,
            )
        ]

    def viewer_keys(self, user):
        return {f"group:{group_id}" for group_id in group_ids_for_member(user)}


register(StandardSectionAdapter())
register(StandardCommentAdapter())


def _tag_labels(values: list[str]) -> dict[str, str]:
    """The tags standards add (their status, "version 1.2", a comment's state), in words."""
    labels = {}
    for value in values:
        if value in Status.values:
            labels[value] = Status(value).label
        elif value in ThreadState.values:
            labels[value] = ThreadState(value).label
        elif value.startswith(VERSION_TAG):
            labels[value] = gettext("version %(number)s") % {"number": value[len(VERSION_TAG) :]}
    return labels


register_labeller("tag", _tag_labels)
