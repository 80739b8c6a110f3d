"""The rules the standards services enforce, whoever calls them."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.follows.services import follow_set
from hub.notifications.models import Notification
from hub.standards import services
from hub.standards.models import Adoption, CommentThread, Standard, StatusChange
from hub.standards.selectors import latest_version
from search.models import OutboxEntry
from search.registry import documents_for, viewer_access_keys
from tests.factories import CouncilFactory, UserFactory
from tests.standards.conftest import Membership, make_members_only, open_consultation
from tests.standards.factories import BODY_V1, BODY_V2, StandardFactory, publish

pytestmark = pytest.mark.django_db


def test_second_save_from_an_old_revision_is_refused_and_changes_nothing(standard, roles):
    base = standard.draft_revision
    services.standard_draft_save(
        standard=standard, editor=roles["editor"], body=BODY_V1 + "\nFirst.\n", base_revision=base
    )
    with pytest.raises(services.DraftConflict, match="saved the draft while you were editing"):
        services.standard_draft_save(
            standard=standard, editor=roles["convenor"], body="Second.", base_revision=base
        )
    standard.refresh_from_db()
    assert standard.draft_body.endswith("First.\n")
    assert standard.draft_revision == base + 1


def test_oversized_draft_is_refused_not_truncated(standard, roles, settings):
    settings.MARKDOWN_MAX_CHARS = 100
    with pytest.raises(services.InvalidInput, match="100 characters or fewer"):
        services.standard_draft_save(
            standard=standard,
            editor=roles["editor"],
            body="x" * 101,
            base_revision=standard.draft_revision,
        )


def test_members_cannot_edit_or_publish(standard, roles):
    with pytest.raises(services.NotAllowed):
        services.standard_draft_save(
            standard=standard, editor=roles["member"], body="x", base_revision=1
        )
    with pytest.raises(services.NotAllowed):
        services.standard_version_publish(standard=standard, editor=roles["member"])


def test_version_numbers_minor_and_major(roles):
    standard = StandardFactory(group=roles["group"])
    assert publish(standard, roles["editor"]).number == "0.1"
    assert publish(standard, roles["editor"], BODY_V2).number == "0.2"
    assert publish(standard, roles["editor"], BODY_V1, bump="major").number == "1.0"
    with pytest.raises(services.NothingToPublish):
        publish(standard, roles["editor"])


def test_comment_on_a_missing_anchor_is_refused(standard, roles):
    version = latest_version(standard)
    with pytest.raises(services.AnchorNotFound, match="no paragraph or section"):
        services.thread_open(version=version, anchor="nope", author=roles["member"], body="Hi")


def test_outsider_may_comment_only_during_consultation(standard, roles):
    version = latest_version(standard)
    with pytest.raises(services.NotAllowed, match="Only members"):
        services.thread_open(
            version=version, anchor="collection-days-1", author=roles["outsider"], body="Hi"
        )
    open_consultation(standard, roles["convenor"])
    thread = services.thread_open(
        version=version, anchor="collection-days-1", author=roles["outsider"], body="Hi"
    )
    assert thread.council == roles["outsider"].profile.council
    assert thread.quoted_text.startswith("Each property")
    assert OutboxEntry.objects.filter(model_label="standards.commentthread").exists()


def test_group_can_restrict_consultation_to_members(standard, roles):
    roles["group"].consultation_members_only = True
    roles["group"].save()
    open_consultation(standard, roles["convenor"])
    with pytest.raises(services.NotAllowed, match="Only members"):
        services.thread_open(
            version=latest_version(standard),
            anchor="overview-1",
            author=roles["outsider"],
            body="Hi",
        )


def test_thread_open_on_members_only_group_is_not_found_for_outsiders(standard, roles):
    make_members_only(roles["group"])
    with pytest.raises(services.StandardNotFound):
        services.thread_open(
            version=latest_version(standard),
            anchor="overview-1",
            author=roles["outsider"],
            body="Hi",
        )


def test_comments_only_on_latest_version_and_with_source_links(standard, roles):
    old = latest_version(standard)
    publish(standard, roles["editor"], BODY_V2)
    with pytest.raises(services.NotAllowed, match="latest version"):
        services.thread_open(version=old, anchor="overview-1", author=roles["member"], body="x")
    thread = services.thread_open(
        version=latest_version(standard),
        anchor="overview-1",
        author=roles["member"],
        body="From chat",
        source_links=[("Chat thread", "/channels/bins/messages/4/")],
    )
    assert thread.source_links == [["Chat thread", "/channels/bins/messages/4/"]]
    with pytest.raises(services.InvalidInput):
        services.thread_open(
            version=latest_version(standard),
            anchor="overview-1",
            author=roles["member"],
            body="x",
            source_links=[("bad", "javascript:alert(1)")],
        )


def test_oversized_comment_is_refused(standard, roles):
    with pytest.raises(services.InvalidInput, match="10,000 characters or fewer"):
        services.thread_open(
            version=latest_version(standard),
            anchor="overview-1",
            author=roles["member"],
            body="x" * 10_001,
        )


def test_publishing_carries_reanchors_and_orphans_threads(standard, roles):
    v1 = latest_version(standard)
    member = roles["member"]
    unchanged = services.thread_open(version=v1, anchor="bin-types-1", author=member, body="a")
    edited = services.thread_open(version=v1, anchor="collection-days-1", author=member, body="b")
    removed = services.thread_open(version=v1, anchor="collection-days-2", author=member, body="c")
    accepted = services.thread_open(version=v1, anchor="overview-1", author=member, body="d")
    services.thread_decide(
        thread=accepted, editor=roles["editor"], decision="accept", response="Will do."
    )
    v2 = publish(standard, roles["editor"], BODY_V2)
    for thread in (unchanged, edited, removed, accepted):
        thread.refresh_from_db()
    assert (unchanged.version, unchanged.anchor_status) == (v2, "placed")
    assert (edited.version, edited.anchor, edited.anchor_status) == (
        v2,
        "collection-days-1",
        "reanchored",
    )
    assert (removed.version, removed.anchor_status) == (v1, "orphaned")
    assert accepted.version == v2 and accepted.addressed_in == v2
    assert unchanged.addressed_in is None
    assert edited.moves.get().kind == "reanchored"
    # An editor confirms the re-anchored thread.
    services.thread_anchor_set(thread=edited, editor=roles["editor"], anchor="collection-days-1")
    edited.refresh_from_db()
    assert edited.anchor_status == "placed"
    # ... and re-attaches the orphan to a paragraph of the latest version.
    services.thread_anchor_set(thread=removed, editor=roles["editor"], anchor="collection-days-1")
    removed.refresh_from_db()
    assert (removed.version, removed.anchor_status) == (v2, "placed")
    with pytest.raises(services.AnchorNotFound):
        services.thread_anchor_set(thread=removed, editor=roles["editor"], anchor="gone")


def test_decided_threads_already_addressed_stay_on_their_version(standard, roles):
    v1 = latest_version(standard)
    thread = services.thread_open(version=v1, anchor="overview-1", author=roles["member"], body="x")
    services.thread_decide(thread=thread, editor=roles["editor"], decision="reject", response="No")
    v2 = publish(standard, roles["editor"], BODY_V2)
    publish(standard, roles["editor"], BODY_V1)
    thread.refresh_from_db()
    assert thread.version == v2 and thread.addressed_in == v2


def test_replies_and_decisions_notify_the_thread_author(
    standard, roles, django_capture_on_commit_callbacks
):
    author = roles["outsider"]
    open_consultation(standard, roles["convenor"])
    thread = services.thread_open(
        version=latest_version(standard), anchor="overview-1", author=author, body="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(thread=thread, author=roles["editor"], body="Thanks")
        services.thread_decide(
            thread=thread, editor=roles["editor"], decision="accept", response="Yes"
        )
    kinds = list(Notification.objects.filter(recipient=author).values_list("kind", flat=True))
    assert sorted(kinds) == ["standards.reply_posted", "standards.thread_decided"]


def test_only_editors_decide_and_a_response_is_required(standard, roles):
    thread = services.thread_open(
        version=latest_version(standard), anchor="overview-1", author=roles["member"], body="x"
    )
    with pytest.raises(services.NotAllowed):
        services.thread_decide(
            thread=thread, editor=roles["member"], decision="accept", response="y"
        )
    with pytest.raises(services.InvalidInput, match="response"):
        services.thread_decide(
            thread=thread, editor=roles["editor"], decision="accept", response=""
        )
    services.thread_decide(
        thread=thread, editor=roles["editor"], decision="defer", response="Later"
    )
    assert (thread.state, thread.outcome) == ("resolved", "deferred")
    services.thread_decide(thread=thread, editor=roles["editor"], decision="reopen", response="")
    assert thread.state == "open" and thread.decided_by is None


def test_status_workflow_allows_only_listed_transitions(standard, roles):
    convenor = roles["convenor"]
    with pytest.raises(services.NotAllowed):
        services.standard_status_change(
            standard=standard, actor=roles["editor"], to_status="withdrawn", reason="x"
        )
    with pytest.raises(services.InvalidTransition, match="Consult on the standard"):
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="adopted", reason="x"
        )
    with pytest.raises(services.InvalidTransition):
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="superseded", reason="x"
        )
    with pytest.raises(services.InvalidInput, match="closing date"):
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="consultation", reason="x"
        )
    open_consultation(standard, convenor)
    services.standard_status_change(
        standard=standard, actor=convenor, to_status="adopted", reason="Agreed at meeting 4"
    )
    services.standard_status_change(
        standard=standard, actor=convenor, to_status="withdrawn", reason="Replaced by law"
    )
    with pytest.raises(services.InvalidTransition):
        services.standard_status_change(
            standard=standard, actor=convenor, to_status="draft", reason="x"
        )
    history = list(StatusChange.objects.filter(standard=standard).values_list("to_status", "actor"))
    assert history == [
        ("consultation", convenor.pk),
        ("adopted", convenor.pk),
        ("withdrawn", convenor.pk),
    ]


def test_reading_an_expired_consultation_shows_it_closed_without_writing(standard, roles, client):
    open_consultation(standard, roles["convenor"])
    Standard.objects.filter(pk=standard.pk).update(
        consultation_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    changes = standard.status_changes.count()
    body = client.get(standard.get_absolute_url()).content.decode()
    assert 'data-status="consultation_closed"' in body and "Consultation open" not in body
    standard.refresh_from_db()
    assert standard.status == "consultation" and standard.status_changes.count() == changes
    call_command("close_consultations")  # the scheduler's job
    standard.refresh_from_db()
    assert standard.status == "draft"
    change = standard.status_changes.last()
    assert change.actor is None and "consultation closed" in change.reason


def test_close_consultations_command_closes_only_expired_ones(roles, capsys):
    expired, current = StandardFactory(group=roles["group"]), StandardFactory(group=roles["group"])
    for s in (expired, current):
        publish(s, roles["editor"])
        open_consultation(s, roles["convenor"])
    Standard.objects.filter(pk=expired.pk).update(
        consultation_closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    call_command("close_consultations")
    assert "Closed 1 consultation" in capsys.readouterr().out
    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.status, current.status) == ("draft", "consultation")


def test_followers_hear_about_consultations_and_versions(
    standard, roles, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    follow_set(user=follower, target_type="standard", target_id=standard.pk, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        open_consultation(standard, roles["convenor"])
        publish(standard, roles["editor"], BODY_V2)
    kinds = set(Notification.objects.filter(recipient=follower).values_list("kind", flat=True))
    assert kinds == {"standards.consultation_opened", "standards.version_published"}


def test_adoption_declare_replace_and_withdraw_is_audited(standard, roles):
    council = CouncilFactory(name="Adur", nation="England")
    person = UserFactory(profile__council=council)
    version = latest_version(standard)
    first = services.adoption_declare(
        standard=standard, user=person, version=version, kind="implementing"
    )
    second = services.adoption_declare(
        standard=standard, user=person, version=version, evidence_url="https://adur.gov.uk/bins"
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.is_current
    with pytest.raises(services.NotAllowed):
        services.adoption_withdraw(adoption=second, user=roles["member"], reason="no")
    services.adoption_withdraw(adoption=second, user=person, reason="Changed supplier")
    assert Adoption.objects.filter(standard=standard).count() == 2
    assert not Adoption.objects.filter(standard=standard, withdrawn_at__isnull=True).exists()
    with pytest.raises(services.NotAllowed, match="council to your profile"):
        services.adoption_declare(standard=standard, user=UserFactory(), version=version)
    with pytest.raises(services.InvalidInput):
        services.adoption_declare(
            standard=standard, user=person, version=version, evidence_url="javascript:x"
        )


def test_search_documents_one_per_section_of_latest_version_only(standard, roles):
    v1 = latest_version(standard)
    docs = documents_for(v1)
    assert [d.doc_id for d in docs] == [
        f"standard_section:{v1.pk}:overview",
        f"standard_section:{v1.pk}:collection-days",
        f"standard_section:{v1.pk}:bin-types",
    ]
    assert docs[1].url == f"{v1.get_absolute_url()}#collection-days"
    assert "ISO 8601" in docs[1].body and docs[1].access == ["public"]
    publish(standard, roles["editor"], BODY_V2)
    v1 = type(v1).objects.get(pk=v1.pk)
    assert documents_for(v1) == []


def test_members_only_documents_carry_the_group_key(standard, roles):
    make_members_only(roles["group"])
    thread = CommentThread.objects.create(
        standard=standard,
        version=latest_version(standard),
        anchor="overview-1",
        original_version=latest_version(standard),
        original_anchor="overview-1",
        quoted_text="x",
        author=roles["member"],
        body="Secret thoughts",
    )
    key = f"group:{roles['group'].pk}"
    assert documents_for(latest_version(standard))[0].access == [key]
    assert documents_for(thread)[0].access == [key]
    assert documents_for(roles["group"])[0].access == [key]
    assert key in viewer_access_keys(roles["member"])
    assert key not in viewer_access_keys(roles["outsider"])


def test_people_who_cannot_see_a_members_only_standard_are_not_notified(
    standard, roles, django_capture_on_commit_callbacks
):
    """A follower from when the group was public, and a commenter who has since left, must not
    learn a members-only standard's news (or title) from their notifications."""
    old_follower = UserFactory()
    follow_set(user=old_follower, target_type="standard", target_id=standard.pk, following=True)
    member_follower = roles["member"]
    follow_set(user=member_follower, target_type="standard", target_id=standard.pk, following=True)
    leaver = UserFactory()
    Membership.objects.create(group=standard.group, user=leaver, role="member", state="active")
    thread = services.thread_open(
        version=latest_version(standard), anchor="overview-1", author=leaver, body="x"
    )
    make_members_only(standard.group)
    Membership.objects.filter(user=leaver).delete()
    standard.group.refresh_from_db()
    thread = CommentThread.objects.select_related("standard__group", "author").get(pk=thread.pk)
    with django_capture_on_commit_callbacks(execute=True):
        publish(standard, roles["editor"], BODY_V2)
        open_consultation(Standard.objects.get(pk=standard.pk), roles["convenor"])
        services.thread_reply(thread=thread, author=roles["editor"], body="Thanks")
        services.thread_decide(
            thread=thread, editor=roles["editor"], decision="accept", response="Yes"
        )
    assert not Notification.objects.filter(recipient__in=[old_follower, leaver]).exists()
    kinds = set(
        Notification.objects.filter(recipient=member_follower).values_list("kind", flat=True)
    )
    assert kinds == {"standards.consultation_opened", "standards.version_published"}


def test_deciding_on_a_stale_thread_keeps_it_on_the_paragraph_a_publish_moved_it_to(
    standard, roles
):
    thread = services.thread_open(
        version=latest_version(standard), anchor="bin-types-1", author=roles["member"], body="x"
    )
    v2 = publish(standard, roles["editor"], BODY_V2)  # carries the thread forward to 0.2
    services.thread_decide(
        thread=thread, editor=roles["editor"], decision="defer", response="Later"
    )
    thread.refresh_from_db()
    assert thread.version_id == v2.pk and thread.outcome == "deferred"
