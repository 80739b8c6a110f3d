"""Demo channels with believable conversations (idempotent: channels matched on slug)."""

from django.db import transaction

from accounts.models import Profile
from hub.discussions.models import Channel
from hub.discussions.services import channel_create, message_post

CHANNELS = [
    (
        "bins-and-waste",
        "Bins and waste",
        "Collection days, missed bins, garden waste subscriptions",
        [
            (
                "Has anyone moved their bin day finder off a PDF calendar? Ours gets 40k visits the night before Christmas.",
                None,
            ),
            (
                "We did last year: a postcode lookup against the collection rounds table. Happy to share the schema.",
                1,
            ),
            ("Yes please! Are you publishing it as open data too?", 1),
            (
                "We publish ISO 8601 dates per property, one row per bin type. The working group's standard is nearly the same.",
                1,
            ),
            (
                "Garden waste subscriptions opened today and our payment page fell over at 9:01. Anyone load-tested theirs?",
                None,
            ),
            (
                "We queue sign-ups and confirm by email. Slower for residents, but nothing falls over.",
                5,
            ),
        ],
    ),
    (
        "content-design",
        "Content design",
        "Plain English, page patterns and the style guide",
        [
            (
                "Do you say **council tax bill** or **council tax demand notice**? Our legal team likes the second.",
                None,
            ),
            ("Bill. We tested both with residents; nobody searched for *demand notice*.", 1),
            (
                "Same here. We keep the legal name once, in the body text, for people who have the letter in front of them.",
                1,
            ),
            (
                "Sharing our checklist for replacing PDFs with HTML pages: https://www.gov.uk/guidance/content-design",
                None,
            ),
        ],
    ),
    (
        "hub-feedback",
        "Hub feedback",
        "Tell us what works and what does not on LocalGov Hub",
        [
            ("Welcome! Post here if something on the hub is broken or confusing.", None),
            (
                "Search found a blog post from another council about exactly our problem. That is the whole point, isn't it?",
                None,
            ),
            ("Could channels have a daily digest email?", None),
        ],
    ),
]


def seed(*, rng, log) -> None:
    profiles = list(
        Profile.objects.filter(handle__isnull=False, user__is_active=True)
        .exclude(display_name="")
        .select_related("user")
        .order_by("id")[:50]
    )
    if len(profiles) < 3:
        log("discussions: not enough demo practitioners, skipped")
        return
    people = [p.user for p in profiles]
    created = 0
    for slug, name, topic, messages in CHANNELS:
        if Channel.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            channel = channel_create(name=name, topic=topic, slug=slug, created_by=people[0])
            _converse(channel, people, messages, rng)
        created += 1
    group_channels = _group_channel(people, rng)
    log(f"discussions: {created} public channels and {group_channels} group channel(s) created")


def _converse(channel, people, messages, rng) -> None:
    speakers = rng.sample(people, min(len(people), 6))
    for index, (body, parent) in enumerate(messages):
        # Demo data is written in one go; the real rate limit must not throttle it.
        from django.test.utils import override_settings

        with override_settings(DISCUSSIONS_SEND_RATE="100000/m"):
            message_post(
                channel=channel,
                author=speakers[index % len(speakers)],
                body=body,
                parent_sequence=parent,
            )


def _group_channel(people, rng) -> int:
    from hub.groups.models import Membership, WorkingGroup

    group = WorkingGroup.objects.order_by("id").first()
    if group is None:
        return 0
    slug = f"{group.slug}-chat"[:80]
    if Channel.objects.filter(slug=slug).exists():
        return 0
    members = [
        m.user
        for m in Membership.objects.filter(group=group, state=Membership.State.ACTIVE)
        .select_related("user")
        .order_by("id")[:6]
    ]
    if len(members) < 2:
        return 0
    with transaction.atomic():
        channel = channel_create(
            name=f"{group.name} chat",
            topic=f"Day-to-day talk for the {group.name} working group",
            kind=Channel.Kind.GROUP,
            group=group,
            slug=slug,
            created_by=members[0],
        )
        _converse(
            channel,
            members,
            [
                (
                    "Draft 0.3 is up. The main change is how we describe collection exceptions.",
                    None,
                ),
                ("Looks good. Can we add an example for bank holiday weeks?", 1),
                (
                    "Added. I've also opened a comment on the standard so the consultation sees it.",
                    1,
                ),
            ],
            rng,
        )
    return 1
