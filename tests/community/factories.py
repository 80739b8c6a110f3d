"""Community test data made through the apps' own services where they exist."""

from hub.discussions.services import message_post
from hub.groups.models import WorkingGroup
from hub.standards.models import Standard
from hub.standards.selectors import latest_version
from hub.standards.services import adoption_declare
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish


def published_standard(*, title: str, members_only: bool = False) -> Standard:
    """A standard with a published version, in a public or members-only group."""
    visibility = WorkingGroup.Visibility.MEMBERS if members_only else WorkingGroup.Visibility.PUBLIC
    group = WorkingGroupFactory(visibility=visibility)
    editor = UserFactory()
    MembershipFactory(group=group, user=editor, role="editor")
    standard = StandardFactory(group=group, title=title)
    publish(standard, editor)
    Standard.objects.filter(pk=standard.pk).update(status="adopted")
    standard.refresh_from_db()
    return standard


def adopt(standard: Standard, council, *, kind: str = "adopted"):
    declarer = UserFactory(profile__council=council, profile__council_verified=True)
    if standard.group.visibility == WorkingGroup.Visibility.MEMBERS:
        MembershipFactory(group=standard.group, user=declarer)  # only members see it
    return adoption_declare(
        standard=standard, user=declarer, version=latest_version(standard), kind=kind
    )


def message(author, body: str = "Morning all"):
    return message_post(channel=ChannelFactory(), author=author, body=body)
