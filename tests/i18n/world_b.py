"""Part B's objects for the Welsh page checks: one of each thing its areas show.

Names, titles and bodies are pseudo-text (never English); slugs, handles and anchors are ASCII
by rule and listed in ``ALLOWED``.
"""

from hub.blog.models import Post
from hub.discussions import services as chat
from hub.groups.models import Membership, WorkingGroup
from hub.standards.services import thread_open
from hub.webhooks.models import Webhook
from tests.blog.factories import CommentFactory, PostFactory
from tests.discussions.factories import ChannelFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.i18n.pseudo import pseudo
from tests.pledges.factories import BackingCallFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory
from tests.standards.factories import BODY_V1, StandardFactory, publish

ALLOWED = (
    "waste-group",
    "bins-data",
    "overview",
    "collection-days",
    "bin-types",
    "general",
    "bins-project",
    "bins-guide",
    "bins",
    "a-post",
    "T-1",
    "bin-days",  # the example anchor in the draft's help text
)


def build(world) -> None:
    member, staff, council = world.member, world.staff, world.council
    topic = ServiceTopicFactory(
        code="T-1", name=pseudo("Bin collection"), slug="bins", description=pseudo("Bins.")
    )
    group = WorkingGroupFactory(
        name=pseudo("Waste data"),
        slug="waste-group",
        purpose=pseudo("Agreeing waste data."),
        visibility=WorkingGroup.Visibility.PUBLIC,
    )
    MembershipFactory(group=group, user=member, role=Membership.Role.CONVENOR)
    standard = StandardFactory(
        group=group,
        title=pseudo("Bin collection data"),
        slug="bins-data",
        summary=pseudo("How councils publish bin days."),
        draft_body=pseudo(BODY_V1),
    )
    version = publish(standard, member)
    standard.refresh_from_db()
    thread = thread_open(
        version=version, anchor="collection-days", author=member, body=pseudo("Say which days.")
    )
    post = PostFactory(
        author=member,
        title=pseudo("How we rebuilt bin pages"),
        slug="a-post",
        summary=pseudo("What we learned."),
        body=pseudo("We tested with residents."),
        status=Post.Status.PUBLISHED,
    )
    comment = CommentFactory(post=post, author=staff, body=pseudo("Thanks for this."))
    channel = ChannelFactory(name=pseudo("General"), slug="general", topic=pseudo("Anything."))
    message = chat.message_post(channel=channel, author=member, body=pseudo("Morning all"))
    project = ProjectFactory(
        title=pseudo("Bin day finder"),
        slug="bins-project",
        owner_council=council,
        lead=member,
        summary=pseudo("A finder for bin days."),
        services=[topic],
    )
    artefact = ArtefactFactory(
        title=pseudo("Bin guide"),
        slug="bins-guide",
        description=pseudo("A guide."),
        contributor=member,
        councils=[council],
        services=[topic],
    )
    call = BackingCallFactory(project=project, backer_benefits=pseudo("A seat on the board."))
    webhook = Webhook.objects.create(
        owner=member,
        url="https://example.org/hook",
        scope_type="group",
        scope_id=group.pk,
        scope_name=pseudo("Waste data"),
    )
    world.topic, world.group, world.standard, world.version = topic, group, standard, version
    world.thread, world.post, world.comment, world.channel = thread, post, comment, channel
    world.message, world.project, world.artefact, world.call = message, project, artefact, call
    world.webhook = webhook
    from hub.notifications.kinds import registry
    from hub.sharing.uploads import allowed_extensions_text

    # Event kind names are identifiers (the webhooks form shows them beside their labels), and
    # an upload's accepted extensions are file names' endings, not words.
    kinds = tuple(registry())
    world.allowed = (*world.allowed, *ALLOWED, *kinds, allowed_extensions_text(), "MB")
