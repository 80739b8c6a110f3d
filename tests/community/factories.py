"""Community test data made through the apps' own services where they exist."""

import json

from hub.discussions.services import message_post
from hub.groups.models import WorkingGroup
from hub.standards.demo_schemas import SCHEMA_V1, document_bytes
from hub.standards.models import Standard
from hub.standards.selectors import latest_version
from hub.standards.services import adoption_declare, draft_part_save, endpoint_answer_record
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish


def published_standard(
    *, title: str, members_only: bool = False, with_schema: bool = False
) -> Standard:
    """A standard with a published version, in a public or members-only group; with
    ``with_schema`` its version carries the demo bin-collection schema (endpoints checkable)."""
    visibility = WorkingGroup.Visibility.MEMBERS if members_only else WorkingGroup.Visibility.PUBLIC
    group = WorkingGroupFactory(visibility=visibility)
    editor = UserFactory()
    MembershipFactory(group=group, user=editor, role="editor")
    standard = StandardFactory(group=group, title=title)
    if with_schema:
        draft_part_save(
            standard=standard, editor=editor, name="schema", kind="schema",
            text=json.dumps(SCHEMA_V1),
        )  # fmt: skip
    publish(standard, editor, bump="major" if with_schema else "minor")
    Standard.objects.filter(pk=standard.pk).update(status="adopted")
    standard.refresh_from_db()
    return standard


def adopt(standard: Standard, council, *, kind: str = "adopted", endpoint_url: str = ""):
    declarer = UserFactory(profile__council=council, profile__council_verified=True)
    if standard.group.visibility == WorkingGroup.Visibility.MEMBERS:
        MembershipFactory(group=standard.group, user=declarer)  # only members see it
    return adoption_declare(
        standard=standard, user=declarer, version=latest_version(standard), kind=kind,
        endpoint_url=endpoint_url,
    )  # fmt: skip


def check_endpoint(adoption, *, conforms: bool, when=None):
    """Record one check of the adoption's endpoint (the standards app's own judging)."""
    body = document_bytes(3, bad_every=0 if conforms else 1)
    return endpoint_answer_record(adoption=adoption, body=body, trigger="demo", now=when)


def message(author, body: str = "Morning all"):
    return message_post(channel=ChannelFactory(), author=author, body=body)
