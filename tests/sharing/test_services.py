"""Rules the sharing services enforce: ownership, phases, collaboration, reuse, notifications."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.follows.selectors import is_following
from hub.follows.services import follow_set
from hub.notifications.models import Notification
from hub.sharing import services, uploads
from hub.sharing.models import Collaboration, Phase, Reuse
from search.models import OutboxEntry
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.sharing.conftest import stored_files
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory, member_of
from tests.sharing.files import make_docx

pytestmark = pytest.mark.django_db


def test_project_belongs_to_the_members_council_and_they_watch_it():
    council = CouncilFactory()
    lead = member_of(council)
    topic = ServiceTopicFactory()
    project = services.project_create(
        user=lead, title="Bin day lookup", summary="x", phase=Phase.ALPHA, services=[topic],
        tags=["open source"],
    )  # fmt: skip
    assert project.owner_council == council
    assert project.lead == lead
    assert list(project.services.all()) == [topic]
    assert project.phase_changes.get().to_phase == Phase.ALPHA
    assert is_following(user=lead, target_type="project", target_id=project.pk)
    assert OutboxEntry.objects.filter(
        model_label="sharing.project", object_id=str(project.pk)
    ).exists()


def test_member_without_a_council_cannot_register_a_project():
    with pytest.raises(services.SharingError, match="Add your council"):
        services.project_create(user=UserFactory(), title="x", summary="x")


def test_phase_change_is_recorded_and_watchers_are_notified(django_capture_on_commit_callbacks):
    project = ProjectFactory(phase=Phase.ALPHA)
    watcher, other = UserFactory(), UserFactory()
    follow_set(user=watcher, target_type="project", target_id=project.pk, following=True)
    follow_set(user=project.lead, target_type="project", target_id=project.pk, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_phase_set(
            project=project, user=project.lead, phase=Phase.BETA, note="Went public"
        )
    project.refresh_from_db()
    assert project.phase == Phase.BETA
    change = project.phase_changes.get()
    assert (change.from_phase, change.to_phase, change.note) == (
        Phase.ALPHA,
        Phase.BETA,
        "Went public",
    )
    notes = Notification.objects.filter(kind="sharing.project_phase_changed")
    assert [n.recipient for n in notes] == [watcher]  # not the lead who made the change
    assert not Notification.objects.filter(recipient=other).exists()
    assert "moved to beta" in notes.get().text


def test_no_notification_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    project = ProjectFactory(phase=Phase.ALPHA)
    watcher = UserFactory()
    follow_set(user=watcher, target_type="project", target_id=project.pk, following=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.project_phase_set(project=project, user=project.lead, phase=Phase.LIVE)
    # The callbacks were queued for commit, not run: nothing is sent until the change commits.
    assert callbacks and not Notification.objects.exists()


def test_same_phase_is_refused():
    project = ProjectFactory(phase=Phase.ALPHA)
    with pytest.raises(services.SharingError, match="already in alpha"):
        services.project_phase_set(project=project, user=project.lead, phase=Phase.ALPHA)


def test_status_update_notifies_watchers(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    watcher = UserFactory()
    follow_set(user=watcher, target_type="project", target_id=project.pk, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_update_post(project=project, user=project.lead, body="Sprint 4 done")
    assert Notification.objects.get(kind="sharing.project_update_posted").recipient == watcher


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("lead", True),
        ("verified colleague", True),
        ("unverified colleague", False),
        ("other council", False),
        ("moderator", True),
    ],
)
def test_who_may_change_the_phase(role, allowed):
    project = ProjectFactory(phase=Phase.ALPHA)
    user = {
        "lead": lambda: project.lead,
        "verified colleague": lambda: member_of(project.owner_council, verified=True),
        "unverified colleague": lambda: member_of(project.owner_council),
        "other council": lambda: member_of(CouncilFactory(), verified=True),
        "moderator": ModeratorFactory,
    }[role]()
    if allowed:
        services.project_phase_set(project=project, user=user, phase=Phase.BETA)
    else:
        with pytest.raises(services.SharingError):
            services.project_phase_set(project=project, user=user, phase=Phase.BETA)


def test_collaboration_request_and_approval(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    asker = member_of(CouncilFactory())
    with django_capture_on_commit_callbacks(execute=True):
        collaboration = services.collaboration_request(
            project=project, user=asker, message="We can help"
        )
    assert collaboration.state == Collaboration.State.REQUESTED
    assert is_following(user=asker, target_type="project", target_id=project.pk)
    assert (
        Notification.objects.get(kind="sharing.collaboration_requested").recipient == project.lead
    )
    with pytest.raises(services.SharingError):
        services.collaboration_decide(collaboration=collaboration, user=asker, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.collaboration_decide(collaboration=collaboration, user=project.lead, approve=True)
    collaboration.refresh_from_db()
    assert collaboration.state == Collaboration.State.APPROVED
    assert Notification.objects.filter(recipient=asker, text__contains="approved").exists()


def test_collaboration_is_refused_for_own_council_duplicates_and_closed_projects():
    project = ProjectFactory()
    with pytest.raises(services.SharingError, match="already owns"):
        services.collaboration_request(project=project, user=member_of(project.owner_council))
    asker = member_of(CouncilFactory())
    services.collaboration_request(project=project, user=asker)
    with pytest.raises(services.SharingError, match="already asked"):
        services.collaboration_request(project=project, user=member_of(asker.profile.council))
    closed = ProjectFactory(collaboration_welcome=False)
    with pytest.raises(services.SharingError, match="not looking"):
        services.collaboration_request(project=closed, user=asker)


def test_reuse_is_one_per_council_and_can_be_withdrawn():
    artefact = ArtefactFactory()
    council = CouncilFactory()
    first, colleague = member_of(council), member_of(council)
    services.reuse_set(user=first, artefact=artefact, reusing=True)
    services.reuse_set(user=colleague, artefact=artefact, reusing=True)
    assert Reuse.objects.filter(artefact=artefact).count() == 1
    services.reuse_set(user=colleague, artefact=artefact, reusing=False)
    assert not Reuse.objects.exists()
    with pytest.raises(services.SharingError):
        services.reuse_set(user=UserFactory(), artefact=artefact, reusing=True)


def test_artefact_upload_is_stored_under_a_generated_name_with_its_text(media_root):
    council = CouncilFactory()
    user = member_of(council)
    file = SimpleUploadedFile("Bins research.docx", make_docx("Residents want a bin day reminder"))
    artefact = services.artefact_create(
        user=user, kind="research", title="Bins research", description="d", licence="ogl-3",
        upload=uploads.check_upload(file),
    )  # fmt: skip
    assert list(artefact.councils.all()) == [council]
    assert artefact.file_name == "Bins research.docx"
    assert artefact.file_path.startswith("artefacts/") and "Bins" not in artefact.file_path
    assert [p.name for p in stored_files(media_root)] == [artefact.file_path.split("/")[1]]
    assert "bin day reminder" in artefact.extracted_text
    assert artefact.extraction_status == "ok"


def test_failed_artefact_write_leaves_no_file_behind(media_root):
    from django.db import DatabaseError, connection

    user = member_of(CouncilFactory())
    file = SimpleUploadedFile("notes.txt", b"hello")
    # A real database failure, not a stand-in: the table is renamed inside this test's
    # transaction (DDL is transactional on PostgreSQL and SQLite), so the INSERT fails, and the
    # rename is rolled back with the test.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE sharing_artefact RENAME TO sharing_artefact_unavailable")
    with pytest.raises(DatabaseError):
        services.artefact_create(
            user=user, kind="document", title="t", description="d", licence="ask",
            upload=uploads.check_upload(file),
        )  # fmt: skip
    assert stored_files(media_root) == []


def test_only_the_projects_team_adds_artefacts_to_it():
    project = ProjectFactory()
    outsider = member_of(CouncilFactory(), verified=True)
    with pytest.raises(services.SharingError, match="project's team"):
        services.artefact_create(
            user=outsider, kind="link", title="t", description="d", licence="mit",
            url="https://example.org", project=project,
        )  # fmt: skip
    collaborator = member_of(CouncilFactory(), verified=True)
    Collaboration.objects.create(
        project=project, council=collaborator.profile.council, state=Collaboration.State.APPROVED
    )
    artefact = services.artefact_create(
        user=collaborator, kind="link", title="t", description="d", licence="mit",
        url="https://example.org", project=project,
    )  # fmt: skip
    assert artefact.project == project
