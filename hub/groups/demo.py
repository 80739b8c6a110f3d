"""Demo working groups: two public groups and one members-only group, with members in roles."""

from accounts.models import User
from hub.groups.models import Membership, WorkingGroup

GROUPS = [
    ("waste-and-bins", "Waste and bins data", "Agree how councils publish bin collection days, "
     "bin types and missed-bin reports as open data, so apps and assistants can use them.",
     WorkingGroup.Visibility.PUBLIC, WorkingGroup.JoinPolicy.OPEN),
    ("clean-urls", "Clean URLs", "Agree a simple, lasting URL pattern for council services "
     "(/bins, /council-tax, /report) so people and search engines find the same thing everywhere.",
     WorkingGroup.Visibility.PUBLIC, WorkingGroup.JoinPolicy.APPROVAL),
    ("digital-leads-circle", "Digital leads circle", "A private space for heads of digital to "
     "compare procurement and contracts before anything is published.",
     WorkingGroup.Visibility.MEMBERS, WorkingGroup.JoinPolicy.APPROVAL),
]  # fmt: skip


def seed(*, rng, log) -> None:
    """Create the demo groups (idempotent) with a convenor, editors and members."""
    people = list(User.objects.filter(profile__handle__isnull=False).order_by("pk")[:50])
    for slug, name, purpose, visibility, join_policy in GROUPS:
        group, _ = WorkingGroup.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "purpose": purpose, "visibility": visibility,
                      "join_policy": join_policy},
        )  # fmt: skip
        if not people:
            continue
        chosen = rng.sample(people, min(len(people), 8))
        for i, user in enumerate(chosen):
            role = "convenor" if i == 0 else "editor" if i < 3 else "member"
            Membership.objects.get_or_create(
                group=group, user=user, defaults={"role": role, "state": "active"}
            )
    demo = User.objects.filter(email="demo@localgov.test").first()
    if demo is not None:
        Membership.objects.get_or_create(
            group=WorkingGroup.objects.get(slug="waste-and-bins"),
            user=demo,
            defaults={"role": "editor"},
        )
    log(f"{len(GROUPS)} working groups")
