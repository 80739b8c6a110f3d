"""Every operation, for every role, against a members-only group's things and public ones.

The table is the specification: one row per operation, the status each role gets. Members-only
objects answer 404 to everyone outside the group (outsiders, moderators, anonymous callers),
exactly like the pages. A test checks the table names every operation in the OpenAPI document.
"""

import json

import pytest
from django.utils import timezone

from hub.api.main import api
from hub.blog.services import post_create
from hub.discussions.services import channel_create, message_post
from hub.sharing.services import project_update_post
from hub.standards.demo_schemas import SCHEMA_V1
from hub.standards.services import adoption_declare, draft_part_save, validation_run_start
from tests.api.conftest import ApiClient, make_token
from tests.factories import CouncilFactory, UserFactory
from tests.groups.factories import MembershipFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory
from tests.standards.factories import publish

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "editor", "convenor", "moderator")
PUBLIC = dict.fromkeys(ROLES, 200)
GROUP_ONLY = {"anonymous": 404, "outsider": 404, "moderator": 404} | dict.fromkeys(
    ("member", "editor", "convenor"), 200
)
GROUP_WRITE = {"anonymous": 401, "outsider": 404, "moderator": 404} | dict.fromkeys(
    ("member", "editor", "convenor"), 201
)
ANY_MEMBER_WRITES = {"anonymous": 401} | dict.fromkeys(ROLES[1:], 201)

# (operation id, method, path, JSON body, {role: status})
TABLE = [
    ("list_councils", "get", "/councils", None, PUBLIC),
    ("get_council", "get", "/councils/{council}", None, PUBLIC),
    ("list_services", "get", "/services", None, PUBLIC),
    ("get_service", "get", "/services/{service}", None, PUBLIC),
    ("list_people", "get", "/people", None, PUBLIC),
    ("get_person", "get", "/people/{member_handle}", None, PUBLIC),
    ("search", "get", "/search?q=bins", None, PUBLIC),
    ("list_groups", "get", "/groups", None, PUBLIC),
    ("get_group", "get", "/groups/closed-group", None, GROUP_ONLY),
    ("list_standards", "get", "/standards", None, PUBLIC),
    ("get_standard", "get", "/standards/closed-standard", None, GROUP_ONLY),
    ("list_standard_versions", "get", "/standards/closed-standard/versions", None, GROUP_ONLY),
    ("get_standard_version", "get", "/standards/closed-standard/versions/0.1", None, GROUP_ONLY),
    ("list_standard_threads", "get", "/standards/closed-standard/threads", None, GROUP_ONLY),
    ("get_standard_thread", "get", "/standards/closed-standard/threads/{thread}", None, GROUP_ONLY),
    ("open_standard_thread", "post", "/standards/closed-standard/threads",
     {"anchor": "bin-types", "body": "Which colours?"}, GROUP_WRITE),
    ("reply_to_standard_thread", "post", "/standards/closed-standard/threads/{thread}/replies",
     {"body": "Agreed."}, GROUP_WRITE),
    ("list_standard_adoptions", "get", "/standards/closed-standard/adoptions", None, GROUP_ONLY),
    ("declare_standard_adoption", "post", "/standards/closed-standard/adoptions",
     {"version": "0.1"}, GROUP_WRITE),
    ("get_standard_version_schemas", "get", "/standards/closed-standard/versions/0.2/schemas",
     None, GROUP_ONLY),
    ("get_standard_schema", "get", "/standards/closed-standard/versions/0.2/schemas/schema",
     None, GROUP_ONLY),
    ("run_standard_validator", "post", "/standards/closed-standard/versions/0.2/validation-runs",
     {"text": "{}"}, GROUP_WRITE),
    ("get_standard_validation_run", "get",
     "/standards/closed-standard/versions/0.2/validation-runs/{report}", None, GROUP_ONLY),
    ("get_standard_conformance", "get", "/standards/closed-standard/conformance", None,
     GROUP_ONLY),
    ("list_adoption_checks", "get", "/standards/closed-standard/adoptions/{adoption}/checks",
     None, GROUP_ONLY),
    ("list_posts", "get", "/posts", None, PUBLIC),
    ("get_post", "get", "/posts/{post}", None, PUBLIC),
    ("create_post", "post", "/posts", {"title": "Hello"}, ANY_MEMBER_WRITES),
    ("update_post", "patch", "/posts/{post}", {"title": "Renamed"},
     {"anonymous": 401, "outsider": 403, "member": 200, "editor": 403, "convenor": 403,
      "moderator": 403}),
    ("list_post_comments", "get", "/posts/{post}/comments", None, PUBLIC),
    ("create_post_comment", "post", "/posts/{post}/comments", {"body": "Nice."}, ANY_MEMBER_WRITES),
    ("list_channels", "get", "/channels", None, PUBLIC),
    ("get_channel", "get", "/channels/closed-chat", None, GROUP_ONLY),
    ("list_channel_messages", "get", "/channels/closed-chat/messages", None, GROUP_ONLY),
    ("post_channel_message", "post", "/channels/closed-chat/messages", {"body": "Hi"}, GROUP_WRITE),
    ("list_projects", "get", "/projects", None, PUBLIC),
    ("get_project", "get", "/projects/{project}", None, PUBLIC),
    ("list_project_updates", "get", "/projects/{project}/updates", None, PUBLIC),
    ("post_project_update", "post", "/projects/{project}/updates", {"body": "Beta soon."},
     {"anonymous": 401, "outsider": 403, "member": 201, "editor": 403, "convenor": 403,
      "moderator": 201}),
    ("list_artefacts", "get", "/artefacts", None, PUBLIC),
    ("get_artefact", "get", "/artefacts/{artefact}", None, PUBLIC),
    ("download_artefact", "get", "/artefacts/{artefact}/download", None,
     dict.fromkeys(ROLES, 404)),  # a link artefact has no file
]  # fmt: skip

# A members-only draft post and private things: 404 to everyone but their owner.
DRAFT = {"anonymous": 404, "outsider": 404, "member": 200, "editor": 404, "convenor": 404,
         "moderator": 404}  # fmt: skip


def test_the_table_names_every_operation_once():
    document = api.get_openapi_schema(path_prefix="/api/v1")
    operations = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    named = [row[0] for row in TABLE]
    assert len(named) == len(set(named))
    assert set(named) == operations


@pytest.fixture
def things(world):
    member = world["member"]
    post = post_create(author=member, title="Our bins API", body="Hello", status="published")
    draft = post_create(author=member, title="Not yet", body="Draft")
    channel = channel_create(
        created_by=world["convenor"], name="Closed chat", kind="group", group=world["group"],
        slug="closed-chat",
    )  # fmt: skip
    message_post(channel=channel, author=member, body="Welcome")
    project = ProjectFactory(owner_council=world["council"], lead=member)
    project_update_post(project=project, user=member, body="Alpha is live.")
    artefact = ArtefactFactory(contributor=member, published_on=timezone.localdate())
    version, adoption = _schemas_and_conformance(world)
    report = validation_run_start(version=version, user=member, text="{}")
    return {
        "report": report.token,
        "adoption": adoption.pk,
        "council": world["council"].slug,
        "service": _service().slug,
        "member_handle": member.profile.handle,
        "thread": world["thread"].pk,
        "post": post.pk,
        "draft": draft.pk,
        "project": project.slug,
        "artefact": artefact.slug,
    }


def _schemas_and_conformance(world):
    """closed-standard 0.2 with a schema part, and a declaration (with an endpoint) by a member
    of another council, so that every role may still declare for its own council."""
    standard = world["standard"]
    draft_part_save(
        standard=standard, editor=world["editor"], name="schema", kind="schema",
        text=json.dumps(SCHEMA_V1),
    )  # fmt: skip
    version = publish(standard, world["editor"])
    declarer = UserFactory(profile__council=CouncilFactory())
    MembershipFactory(group=world["group"], user=declarer)
    adoption = adoption_declare(
        standard=standard, user=declarer, version=version, endpoint_url="https://bins.test/"
    )
    return version, adoption


def _service():
    from tests.sharing.factories import ServiceTopicFactory

    return ServiceTopicFactory()


def _client(world, role) -> ApiClient:
    if role == "anonymous":
        return ApiClient()
    return ApiClient(make_token(world[role]))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("operation", "method", "path", "body", "expected"), TABLE,
                         ids=[row[0] for row in TABLE])  # fmt: skip
def test_each_role_gets_the_status_in_the_table(
    world, things, role, operation, method, path, body, expected
):
    client = _client(world, role)
    url = "/api/v1" + path.format(**things)
    headers = {}
    if method == "patch":
        headers["If-Match"] = ApiClient(make_token(world["member"])).get(url)["ETag"]
    if body is None:
        response = getattr(client, method)(url, headers=headers)
    else:
        response = client.generic(
            method.upper(), url, __import__("json").dumps(body), "application/json", headers=headers
        )
    assert response.status_code == expected[role], (operation, role, response.content[:300])
    if response.status_code >= 400:
        assert {"code", "message", "fields"} <= set(response.json())


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_post_is_only_its_authors(world, things, role):
    response = _client(world, role).get(f"/api/v1/posts/{things['draft']}")
    assert response.status_code == DRAFT[role]


@pytest.mark.parametrize("role", ROLES)
def test_lists_leave_out_what_the_role_cannot_see(world, things, role):
    client = _client(world, role)
    sees_group = GROUP_ONLY[role] == 200
    groups = {g["slug"] for g in client.get("/api/v1/groups").json()["items"]}
    standards = {s["slug"] for s in client.get("/api/v1/standards").json()["items"]}
    channels = {c["slug"] for c in client.get("/api/v1/channels").json()["items"]}
    assert ("closed-group" in groups) is sees_group
    assert ("closed-standard" in standards) is sees_group
    assert ("closed-chat" in channels) is sees_group
    posts = {p["id"] for p in client.get("/api/v1/posts").json()["items"]}
    assert things["post"] in posts and things["draft"] not in posts
