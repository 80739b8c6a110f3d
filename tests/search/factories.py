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


# --- Real content, made through each app's services -----------------------------------------

RECYCLING_STANDARD = """# Recycling collection data {#overview}

This standard says how to publish recycling collection days as open data.

## Missed collections {#missed-collections}

Residents report a missed recycling collection within two working days.

## Bin colours {#bin-colours}

List every bin colour with its waste stream.
"""

SECRET_STANDARD = """# Recycling collection contract terms {#terms}

Confidential recycling collection contract terms agreed by the waste leads.
"""


def _group(name: str, slug: str, visibility: str, convenor) -> "WorkingGroup":  # noqa: F821
    from hub.groups.models import Membership, WorkingGroup

    group = WorkingGroup.objects.create(
        name=name, slug=slug, purpose="Agree how to publish waste data.", visibility=visibility
    )
    Membership.objects.create(group=group, user=convenor, role=Membership.Role.CONVENOR)
    return group


def _published_standard(*, group, editor, title: str, body: str):
    from hub.standards.services import standard_create, standard_version_publish

    standard = standard_create(group=group, creator=editor, title=title, summary=title, body=body)
    return standard_version_publish(standard=standard, editor=editor)


def community() -> dict:
    """Recycling-collection content from several councils, through the real services.

    Three district councils (``NMD``) and one unitary (``UA``). Visible to every signed-in
    member: two district posts, a public group's standard (drafted at a district) and a public
    channel message (another district). Members-only: a members-only group's standard, its
    comment thread and its group channel message; a private channel's message. Never indexed:
    a draft post. Also visible, but filtered out by council type: the unitary's post.
    Returns the people, groups, channels and content by name; nothing is drained yet.
    """
    from hub.blog.services import post_create
    from hub.councils.models import CouncilType
    from hub.discussions.models import Channel
    from hub.discussions.services import channel_create, channel_member_add, message_post
    from hub.groups.models import WorkingGroup
    from hub.standards.services import thread_open
    from tests.factories import CouncilFactory, UserFactory

    districts = [
        CouncilFactory(name=name, slug=name.lower(), council_type=CouncilType.DISTRICT)
        for name in ("Ashbourne", "Bramley", "Corfe")
    ]
    unitary = CouncilFactory(
        name="Upton Unitary", slug="upton-unitary", council_type=CouncilType.UNITARY
    )
    ann, bob, cat = (
        UserFactory(profile__council=council, profile__display_name=name)
        for council, name in zip(districts, ("Ann Ash", "Bob Bram", "Cat Corfe"), strict=True)
    )
    una = UserFactory(profile__council=unitary, profile__display_name="Una Upton")
    invitee = UserFactory(profile__display_name="Ivy Invited")

    posts = {
        "garden": post_create(
            author=ann,
            title="Moving garden waste subscriptions online",
            body="How our recycling team sold garden waste permits online.",
            status="published",
        ),
        "missed": post_create(
            author=bob,
            title="Reducing missed bin collections",
            body="Recycling collection crews now use in-cab tablets.",
            status="published",
        ),
        "unitary": post_create(
            author=una,
            title="Unitary recycling contract",
            body="Recycling collection procurement at a unitary.",
            status="published",
        ),
        "draft": post_create(
            author=cat,
            title="Draft: recycling ideas",
            body="Recycling collection thoughts.",
            status="draft",
        ),
    }

    open_group = _group("Waste data", "waste-data", WorkingGroup.Visibility.PUBLIC, ann)
    secret_group = _group("Waste leads", "waste-leads", WorkingGroup.Visibility.MEMBERS, cat)
    standard = _published_standard(
        group=open_group, editor=ann, title="Recycling collection data", body=RECYCLING_STANDARD
    )
    secret_standard = _published_standard(
        group=secret_group,
        editor=cat,
        title="Recycling collection contract terms",
        body=SECRET_STANDARD,
    )
    secret_anchor = secret_standard.blocks.order_by("position").last().anchor
    secret_thread = thread_open(
        version=secret_standard,
        anchor=secret_anchor,
        author=cat,
        body="Should the recycling collection penalties stay confidential?",
    )

    public_channel = channel_create(name="Waste and recycling", created_by=cat)
    group_channel = channel_create(
        name="Waste leads chat", created_by=cat, kind=Channel.Kind.GROUP, group=secret_group
    )
    private_channel = channel_create(
        name="Contract talks", created_by=ann, kind=Channel.Kind.PRIVATE
    )
    channel_member_add(channel=private_channel, user=invitee, added_by=ann)
    messages = {
        "public": message_post(
            channel=public_channel,
            author=cat,
            body="Anyone else printing **recycling collection** calendars?",
        ),
        "group": message_post(
            channel=group_channel,
            author=cat,
            body="Group only: recycling collection penalty figures.",
        ),
        "private": message_post(
            channel=private_channel,
            author=ann,
            body="Private: recycling collection bid prices.",
        ),
    }
    return {
        "districts": districts,
        "unitary": unitary,
        "people": {"ann": ann, "bob": bob, "cat": cat, "una": una, "invitee": invitee},
        "posts": posts,
        "groups": {"open": open_group, "secret": secret_group},
        "standard": standard,
        "secret_standard": secret_standard,
        "secret_thread": secret_thread,
        "channels": {"public": public_channel, "group": group_channel, "private": private_channel},
        "messages": messages,
    }
