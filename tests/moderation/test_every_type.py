"""Every moderatable kind of content, through the same steps: a member flags it, a moderator
hides it (the decision is logged, the author told why), it leaves its lists and search and its
page answers 404 (or shows a tombstone where it sits inside a conversation), its author still
sees it, it is on the hidden list, and a restore brings it all back."""

import random
import string
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from hub.moderation.models import Decision, Flag
from hub.moderation.registry import registered
from hub.notifications.models import Notification
from hub.standards import services as standards_services
from search.outbox import index_later
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory
from tests.groups.factories import MembershipFactory, WorkingGroupFactory
from tests.moderation.test_messages import found
from tests.sharing.factories import ArtefactFactory, ProjectFactory
from tests.standards.factories import StandardFactory, publish

pytestmark = pytest.mark.django_db


def _word() -> str:
    """A word only the content under test contains: the search index outlives each test's
    database rollback, so documents from earlier tests must not match."""
    return "quokka" + "".join(random.choices(string.ascii_lowercase, k=10))


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests re-read pages as the same visitor right after a write.
    settings.PAGE_CACHE_URL_NAMES = frozenset()


@dataclass
class Case:
    label: str
    target: Any
    author: Any
    page: str  # where the content is shown
    lists: list[str]  # pages that list it
    mode: str = "404"  # or "tombstone": the page stays and the text goes


def _standard_case(kind: str, word: str) -> Case:
    group = WorkingGroupFactory()
    editor, author = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=editor, role="editor")
    MembershipFactory(group=group, user=author)
    standard = StandardFactory(group=group)
    version = publish(standard, editor)
    thread = standards_services.thread_open(
        version=version,
        anchor="collection-days",
        author=author,
        body=f"The {word} comment" if kind == "thread" else "A comment",
    )
    if kind == "thread":
        return Case(
            "standards.commentthread",
            thread,
            author,
            thread.get_absolute_url(),
            [version.get_absolute_url(), reverse("standards:threads", args=[standard.slug])],
        )
    reply = standards_services.thread_reply(thread=thread, author=editor, body=f"A {word} reply")
    return Case("standards.comment", reply, editor, thread.get_absolute_url(), [], "tombstone")


def _project_case(word: str) -> Case:
    council = CouncilFactory()
    lead = UserFactory()
    project = ProjectFactory(title=f"Project {word}", owner_council=council, lead=lead)
    return Case(
        "sharing.project",
        project,
        lead,
        project.get_absolute_url(),
        [reverse("sharing:projects"), council.get_absolute_url()],
    )


def _artefact_case(word: str) -> Case:
    contributor = UserFactory()
    artefact = ArtefactFactory(title=f"Artefact {word}", contributor=contributor)
    return Case(
        "sharing.artefact",
        artefact,
        contributor,
        artefact.get_absolute_url(),
        [reverse("sharing:artefacts")],
    )


def _group_case(word: str) -> Case:
    convenor = UserFactory()
    group = WorkingGroupFactory(purpose=f"We {word} things", created_by=convenor)
    MembershipFactory(group=group, user=convenor, role="convenor")
    return Case(
        "workgroups.workinggroup", group, convenor, group.get_absolute_url(), [], "tombstone"
    )


def _profile_case(word: str) -> Case:
    council = CouncilFactory()
    person = UserFactory(
        profile__display_name=f"Pat {word}", profile__handle="pat-q", profile__council=council
    )
    return Case(
        "accounts.profile",
        person.profile,
        person,
        person.profile.get_absolute_url(),
        [reverse("accounts:people"), council.get_absolute_url()],
    )


CASES = {
    "standards.commentthread": lambda word: _standard_case("thread", word),
    "standards.comment": lambda word: _standard_case("reply", word),
    "sharing.project": _project_case,
    "sharing.artefact": _artefact_case,
    "workgroups.workinggroup": _group_case,
    "accounts.profile": _profile_case,
}


def test_every_kind_the_issue_names_is_declared_by_its_own_app():
    assert {
        "blog.post",
        "blog.comment",
        "discussions.message",
        *CASES,
    } <= set(registered())


@pytest.mark.parametrize("label", list(CASES))
def test_flag_hide_notice_hidden_list_and_restore(
    label, client, django_capture_on_commit_callbacks
):
    word = _word()
    case = CASES[label](word)
    # Factories write rows directly; queue them for search as the services would.
    index_later(case.target if label != "standards.comment" else case.target.thread)
    reader, reporter, moderator = UserFactory(), UserFactory(), ModeratorFactory()
    pk = case.target.pk

    # Everyone sees it, in its lists and search.
    client.force_login(reader)
    assert word in client.get(case.page).text
    for url in case.lists:
        assert word in client.get(url).text, url
    assert found(word, reader)

    # A member flags it; it is in the moderators' queue.
    client.force_login(reporter)
    response = client.post(reverse("moderation:flag", args=[label, pk]), {"reason": "Offensive"})
    assert response.status_code == 302, response.content
    client.force_login(moderator)
    assert (
        reverse("moderation:review", args=[label, pk])
        in client.get(reverse("moderation:queue")).text
    )

    # The moderator hides it: logged, flags resolved, the author told why.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:review", args=[label, pk]),
            {"action": "hide", "note": "Breaks rule 3"},
        )
    assert response.status_code == 302
    assert Decision.objects.get(object_id=pk, action="hide").moderator == moderator
    assert not Flag.objects.filter(object_id=pk, resolved_at__isnull=True).exists()
    notice = Notification.objects.get(kind="moderation.decision_made")
    assert notice.recipient == case.author and "Breaks rule 3" in notice.text

    # Gone for everyone else: 404 (or a tombstone), out of lists and search.
    client.force_login(reader)
    response = client.get(case.page)
    if case.mode == "404":
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and word not in response.text
        assert "hidden by a moderator" in response.text or "moderator hid" in response.text
    for url in case.lists:
        assert word not in client.get(url).text, url
    assert found(word, reader) == []
    client.logout()
    assert word not in client.get(case.page).text

    # Its author and moderators still see it, marked hidden; it is on the hidden list.
    client.force_login(case.author)
    assert word in client.get(notice.url).text
    client.force_login(moderator)
    assert word in client.get(case.page).text
    hidden = client.get(reverse("moderation:hidden")).text
    assert reverse("moderation:review", args=[label, pk]) in hidden and "Breaks rule 3" in hidden

    # Restored: back everywhere, the author told.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("moderation:review", args=[label, pk]),
            {"action": "restore", "note": "On appeal"},
        )
    client.force_login(reader)
    assert word in client.get(case.page).text
    for url in case.lists:
        assert word in client.get(url).text, url
    assert found(word, reader)
    assert Notification.objects.filter(
        recipient=case.author, kind="moderation.decision_made", text__contains="restored"
    ).exists()


def test_moderation_pages_answer_404_to_outsiders_for_content_they_cannot_see(client):
    project = ProjectFactory(is_hidden=True)
    client.force_login(UserFactory())
    assert (
        client.get(reverse("moderation:flag", args=["sharing.project", project.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("moderation:review", args=["sharing.project", project.pk])).status_code
        == 404
    )
