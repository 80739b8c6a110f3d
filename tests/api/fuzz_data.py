"""Something of every kind for the fuzzer to find, through the same services as the pages."""

import datetime
import json

from django.utils import timezone

from hub.blog.services import comment_create, post_create
from hub.discussions.services import channel_create, message_post
from hub.groups.models import Membership, WorkingGroup
from hub.sharing.services import project_create, project_update_post
from hub.standards.demo_schemas import SCHEMA_V1, document_bytes, openapi_for
from hub.standards.selectors import latest_version
from hub.standards.services import (
    adoption_declare,
    draft_part_save,
    standard_status_change,
    thread_open,
    validation_run_start,
)
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory, ServiceTopicFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory, publish


def seed() -> dict:
    council = CouncilFactory(slug="fuzzshire")
    member = UserFactory(profile__council=council, profile__council_verified=True)
    editor = UserFactory(profile__council=council)
    group = WorkingGroupFactory(slug="waste", visibility=WorkingGroup.Visibility.PUBLIC)
    MembershipFactory(group=group, user=editor, role=Membership.Role.CONVENOR)
    MembershipFactory(group=group, user=member)
    standard = StandardFactory(group=group, slug="bins")
    for name, kind, document in (
        ("schema", "schema", SCHEMA_V1),
        ("api", "openapi", openapi_for(SCHEMA_V1)),
    ):
        draft_part_save(
            standard=standard, editor=editor, name=name, kind=kind, text=json.dumps(document)
        )
    version = publish(standard, editor)  # 0.1, the version the API's examples name
    adoption_declare(
        standard=standard, user=member, version=version, endpoint_url="https://bins.test/api"
    )
    validation_run_start(version=version, user=member, text=document_bytes(2).decode())
    standard.refresh_from_db()
    standard_status_change(
        standard=standard,
        actor=editor,
        to_status="consultation",
        reason="Ready for every council to read.",
        closes_at=timezone.now() + datetime.timedelta(days=14),
    )
    standard.refresh_from_db()
    thread_open(
        version=latest_version(standard),
        anchor="collection-days",
        author=member,
        body="Add garden waste.",
    )
    post = post_create(author=editor, title="Our bins API", body="Hello", status="published")
    comment_create(post=post, author=member, body="Nice", rate_limited=False)
    channel = channel_create(created_by=editor, name="General", kind="public")
    message_post(channel=channel, author=editor, body="Welcome")
    ServiceTopicFactory(slug="bins-service")
    project = project_create(user=member, title="Bin day finder", summary="Find your bin day.")
    project_update_post(project=project, user=member, body="Alpha is live.")
    return {"member": member, "editor": editor, "group": group, "standard": standard}
