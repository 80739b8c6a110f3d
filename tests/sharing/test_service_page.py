"""The prior-work page of a service: everything about it, grouped, and only what the viewer may see."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from hub.sharing.models import Collaboration, Phase, Reuse
from tests.factories import CouncilFactory, UserFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return ServiceTopicFactory(name="Bulky waste", synonyms="bulky items; large item collection")


def make_post(topic, *, title, **fields):
    Post = apps.get_model("blog", "Post")
    author = fields.pop("author", None) or member_of(CouncilFactory())
    defaults = {"status": "published", "published_at": timezone.now() - timedelta(hours=1)}
    defaults.update(fields)
    post = Post.objects.create(
        author=author, title=title, slug=title.lower().replace(" ", "-"), **defaults
    )
    post.services.add(topic)
    return post


def make_group(*, visibility, members=()):
    WorkingGroup = apps.get_model("workgroups", "WorkingGroup")
    Membership = apps.get_model("workgroups", "Membership")
    group = WorkingGroup.objects.create(
        name=f"Group {visibility}", slug=f"group-{visibility}", purpose="p", visibility=visibility
    )
    for user in members:
        Membership.objects.create(group=group, user=user, state="active", role="member")
    return group


def make_standard(topic, group, *, title, status="adopted"):
    Standard = apps.get_model("standards", "Standard")
    standard = Standard.objects.create(
        group=group, title=title, slug=title.lower().replace(" ", "-"), summary="s", status=status
    )
    standard.services.add(topic)
    return standard


def make_channel(topic, *, name, kind="public", members=()):
    Channel = apps.get_model("discussions", "Channel")
    ChannelMember = apps.get_model("discussions", "ChannelMember")
    channel = Channel.objects.create(name=name, slug=name.lower(), kind=kind)
    channel.services.add(topic)
    for user in members:
        ChannelMember.objects.create(channel=channel, user=user)
    return channel


def test_projects_are_grouped_by_phase_with_artefacts_and_a_council_table(client, topic):
    leeds, york = CouncilFactory(name="Leeds"), CouncilFactory(name="York")
    ProjectFactory(
        title="Discovery one", phase=Phase.DISCOVERY, owner_council=leeds, services=[topic]
    )
    live = ProjectFactory(title="Live one", phase=Phase.LIVE, owner_council=leeds, services=[topic])
    artefact = ArtefactFactory(title="Spec", councils=[york], services=[topic])
    Reuse.objects.create(council=york, project=live)
    ProjectFactory(title="Unrelated", services=[ServiceTopicFactory()])
    response = client.get(topic.get_absolute_url())
    context = response.context
    phases = {value: [p.title for p in items] for _, value, items in context["projects_by_phase"]}
    assert phases["discovery"] == ["Discovery one"] and phases["live"] == ["Live one"]
    assert [a.title for a in context["artefacts"]] == [artefact.title]
    rows = {row.council.name: row for row in context["council_rows"]}
    assert (rows["Leeds"].projects, rows["Leeds"].artefacts) == (2, 0)
    assert (rows["York"].artefacts, rows["York"].reuses) == (1, 1)
    assert "Unrelated" not in response.content.decode()


def test_people_matched_by_interest_synonym_or_project_lead(client, topic):
    by_name = UserFactory(
        profile__display_name="Interested Ian", profile__interests=["Bulky waste"]
    )
    by_synonym = UserFactory(
        profile__display_name="Synonym Sue", profile__interests=["bulky items"]
    )
    lead = UserFactory(profile__display_name="Lead Liz")
    ProjectFactory(lead=lead, services=[topic])
    UserFactory(profile__display_name="Other Olu", profile__interests=["parking"])
    html = client.get(topic.get_absolute_url()).content.decode()
    for name in ("Interested Ian", "Synonym Sue", "Lead Liz"):
        assert name in html
    assert "Other Olu" not in html
    assert by_name and by_synonym


def test_only_published_unhidden_posts_are_listed(client, topic):
    make_post(topic, title="Published post")
    make_post(topic, title="Draft post", status="draft", published_at=None)
    make_post(topic, title="Hidden post", is_hidden=True)
    make_post(topic, title="Scheduled post", published_at=timezone.now() + timedelta(days=2))
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Published post" in html
    for hidden in ("Draft post", "Hidden post", "Scheduled post"):
        assert hidden not in html


@pytest.mark.parametrize(
    ("viewer", "sees_members_only"), [("anonymous", False), ("outsider", False), ("member", True)]
)
def test_members_only_group_standards_are_hidden_from_outsiders(
    client, topic, viewer, sees_members_only
):
    member = UserFactory()
    public = make_group(visibility="public")
    private = make_group(visibility="members", members=[member])
    make_standard(topic, public, title="Public standard")
    make_standard(topic, private, title="Secret standard")
    make_standard(topic, public, title="Draft standard", status="draft")
    if viewer == "outsider":
        client.force_login(UserFactory())
    elif viewer == "member":
        client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Public standard" in html
    assert ("Secret standard" in html) is sees_members_only
    assert "Draft standard" not in html


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("anonymous", set()), ("outsider", {"Openbins"}), ("invited", {"Openbins", "Secretbins"})],
)
def test_channels_respect_privacy(client, topic, viewer, expected):
    invited = UserFactory()
    make_channel(topic, name="Openbins")
    make_channel(topic, name="Secretbins", kind="private", members=[invited])
    if viewer == "outsider":
        client.force_login(UserFactory())
    elif viewer == "invited":
        client.force_login(invited)
    context = client.get(topic.get_absolute_url()).context
    assert {channel.name for channel in context["channels"]} == expected


def test_service_page_query_count_is_pinned(client, topic, django_assert_max_num_queries):
    for _ in range(6):
        project = ProjectFactory(services=[topic])
        ArtefactFactory(services=[topic], councils=[project.owner_council])
        Collaboration.objects.create(project=project, council=CouncilFactory())
    with django_assert_max_num_queries(16):
        assert client.get(topic.get_absolute_url()).status_code == 200


def test_council_table_counts_current_adoptions_only(client, topic):
    Adoption = apps.get_model("standards", "Adoption")
    Version = apps.get_model("standards", "StandardVersion")
    standard = make_standard(topic, make_group(visibility="public"), title="Bin standard")
    version = Version.objects.create(standard=standard, major=1, minor=0, body="b")
    kent, devon = CouncilFactory(name="Kent"), CouncilFactory(name="Devon")
    Adoption.objects.create(standard=standard, version=version, council=kent)
    Adoption.objects.create(
        standard=standard, version=version, council=devon, withdrawn_at=timezone.now()
    )
    rows = {
        row.council.name: row
        for row in client.get(topic.get_absolute_url()).context["council_rows"]
    }
    assert rows["Kent"].standards_adopted == 1
    assert "Devon" not in rows
