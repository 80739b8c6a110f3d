"""Test content for search: a test-only adapter over an existing model (notifications).

``Note`` documents let the contract suite control title, body, access keys, council and date
exactly. The adapter is registered only inside the ``note_adapter`` fixture.
"""

from datetime import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from hub.notifications.models import Notification
from search.registry import SearchAdapter, SearchDocument


class NoteAdapter(SearchAdapter):
    """``text`` is "title | body"; ``kind`` lists the access keys ("public", "group:3")."""

    model = Notification
    doc_type = "note"
    type_label = "Test notes"

    def documents(self, note: Notification) -> list[SearchDocument]:
        if note.read_at is not None:  # "hidden": read notes are removed from search
            return []
        title, _, body = note.text.partition("|")
        council = getattr(getattr(note.recipient, "profile", None), "council", None)
        return [
            SearchDocument(
                doc_id=f"note:{note.pk}",
                doc_type=self.doc_type,
                title=title.strip(),
                body=body.strip(),
                url=f"/notes/{note.pk}/",
                access=[k for k in note.kind.split(",") if k],
                created_at=note.created_at,
                updated_at=note.created_at,
                author_name=note.recipient.profile.display_name,
                author_handle=note.recipient.profile.handle or "",
                council_slugs=[council.slug] if council else [],
                council_names=[council.name] if council else [],
                council_types=[council.council_type] if council else [],
                nations=[council.nation] if council else [],
                tags=[],
            )
        ]

    def queryset(self):
        return Notification.objects.select_related("recipient__profile__council")

    def viewer_keys(self, user):
        from hub.groups.selectors import group_ids_for_member

        return [f"group:{pk}" for pk in group_ids_for_member(user)]


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory("tests.factories.UserFactory")
    kind = "public"
    text = factory.Sequence(lambda n: f"Note {n} | Something about note {n}")


def note(recipient, title: str, body: str, *, access: str = "public", when: datetime | None = None):
    """Create a note document's source row (not yet indexed)."""
    created = NoteFactory(recipient=recipient, text=f"{title} | {body}", kind=access)
    if when is not None:
        Notification.objects.filter(pk=created.pk).update(created_at=when)
        created.created_at = when
    return created


def now() -> datetime:
    return timezone.now()
