"""Following: the button (a form that works without JS), the view, activity and the digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from hub.follows.activity import activity_for
from hub.follows.models import DigestPreference, Follow
from hub.follows.selectors import is_following
from hub.follows.services import digests_send, follow_set
from hub.sharing import services as sharing
from hub.sharing.models import Phase
from tests.factories import CouncilFactory, UserFactory
from tests.sharing.factories import ArtefactFactory, ProjectFactory, ServiceTopicFactory, member_of

pytestmark = pytest.mark.django_db


def render_button(user, target_type, target_id, label=""):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    template = Template("{% load follows %}{% follow_button target_type target_id label %}")
    return template.render(
        Context({"request": request, "csrf_token": "tok", "target_type": target_type,
                 "target_id": target_id, "label": label})
    )  # fmt: skip


def test_button_is_a_post_form_with_csrf_and_a_return_address():
    user = UserFactory()
    html = render_button(user, "service", 5, "Bins")
    assert 'method="post"' in html and 'name="csrfmiddlewaretoken" value="tok"' in html
    assert 'name="following" value="1"' in html and ">Follow<" in html.replace(
        '<span class="govuk-visually-hidden"> Bins</span>', ""
    )
    assert 'value="/somewhere/?x=1"' in html
    follow_set(user=user, target_type="service", target_id=5, following=True)
    assert "Unfollow" in render_button(user, "service", 5)


def test_button_asks_anonymous_visitors_to_sign_in():
    from django.contrib.auth.models import AnonymousUser

    html = render_button(AnonymousUser(), "council", 1)
    assert "Sign in to follow" in html and "<form" not in html


@pytest.mark.parametrize("target", ["service", "council", "person", "tag", "project"])
def test_follow_and_unfollow_each_kind_of_target(client, target):
    user = UserFactory()
    client.force_login(user)
    target_id = {
        "service": lambda: ServiceTopicFactory().pk,
        "council": lambda: CouncilFactory().pk,
        "person": lambda: UserFactory().pk,
        "tag": lambda: "open data",
        "project": lambda: ProjectFactory().pk,
    }[target]()
    response = client.post(
        reverse("follows:set"),
        {"target_type": target, "target_id": target_id, "following": "1", "next": "/councils/"},
    )
    assert response.status_code == 302 and response.url == "/councils/"
    assert is_following(user=user, target_type=target, target_id=target_id)
    client.post(
        reverse("follows:set"), {"target_type": target, "target_id": target_id, "following": "0"}
    )
    assert not is_following(user=user, target_type=target, target_id=target_id)


def test_missing_or_unknown_targets_are_404(client):
    client.force_login(UserFactory())
    for target_type, target_id in [
        ("service", "999999"),
        ("council", "x"),
        ("nonsense", "1"),
        ("tag", ""),
    ]:
        response = client.post(
            reverse("follows:set"), {"target_type": target_type, "target_id": target_id}
        )
        assert response.status_code == 404
    assert not Follow.objects.exists()


def test_members_only_group_cannot_be_followed_by_outsiders(client):
    from django.apps import apps

    group = apps.get_model("workgroups", "WorkingGroup").objects.create(
        name="Secret", slug="secret", purpose="p", visibility="members"
    )
    client.force_login(UserFactory())
    response = client.post(reverse("follows:set"), {"target_type": "group", "target_id": group.pk})
    assert response.status_code == 404


def test_offsite_next_is_ignored(client):
    client.force_login(UserFactory())
    council = CouncilFactory()
    response = client.post(
        reverse("follows:set"),
        {"target_type": "council", "target_id": council.pk, "next": "https://evil.example/"},
    )
    assert response.url == council.get_absolute_url()


def test_follow_needs_sign_in_and_csrf():
    council = CouncilFactory()
    anonymous = Client()
    response = anonymous.post(
        reverse("follows:set"), {"target_type": "council", "target_id": council.pk}
    )
    assert response.status_code == 302 and "/accounts/login/" in response.url
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    response = strict.post(
        reverse("follows:set"), {"target_type": "council", "target_id": council.pk}
    )
    assert response.status_code == 403


def test_follow_buttons_on_council_profile_and_service_pages(client):
    client.force_login(UserFactory())
    council, topic = CouncilFactory(), ServiceTopicFactory()
    person = UserFactory()
    for url, target_type in [
        (council.get_absolute_url(), "council"),
        (person.profile.get_absolute_url(), "person"),
        (topic.get_absolute_url(), "service"),
        (ProjectFactory().get_absolute_url(), "project"),
    ]:
        assert f'data-follow-type="{target_type}"' in client.get(url).content.decode(), url


def test_activity_from_followed_council_service_tag_person_and_project(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    council, topic = CouncilFactory(), ServiceTopicFactory()
    author = member_of(council)
    other = member_of(CouncilFactory())
    follow_set(user=user, target_type="council", target_id=council.pk, following=True)
    follow_set(user=user, target_type="service", target_id=topic.pk, following=True)
    follow_set(user=user, target_type="tag", target_id="gritting", following=True)
    with django_capture_on_commit_callbacks(execute=True):
        project = sharing.project_create(user=author, title="Council project", summary="s")
        sharing.project_phase_set(project=project, user=author, phase=Phase.BETA)
        sharing.project_update_post(project=project, user=author, body="Progress")
        for title, services, tags in (
            ("Service artefact", [topic], []),
            ("Tagged artefact", [], ["gritting"]),
            ("Unfollowed artefact", [], []),
        ):
            sharing.artefact_create(
                user=other, kind="link", title=title, description="d", licence="ogl3",
                url="https://example.org/a", services=services, tags=tags,
            )  # fmt: skip
    texts = [item.text for item in activity_for(user=user)]
    assert "Council project moved to beta" in texts
    assert "New project from " + council.name + ": Council project" in texts
    assert any("posted an update on Council project" in text for text in texts)
    assert "New link: Service artefact" in texts and "New link: Tagged artefact" in texts
    assert not any("Unfollowed" in text for text in texts)
    # Nobody's own doings are news to them.
    assert activity_for(user=author) == []


def test_activity_includes_published_posts_only_and_rechecks_them_when_read(
    django_capture_on_commit_callbacks,
):
    from hub.blog import services as blog
    from hub.blog.models import Post

    user, writer = UserFactory(), UserFactory()
    follow_set(user=user, target_type="person", target_id=writer.pk, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        blog.post_create(author=writer, title="Public words", body="b", status="published")
        blog.post_create(author=writer, title="Draft words", body="b")
        hidden = blog.post_create(author=writer, title="Hidden words", body="b", status="published")
        blog.post_create(
            author=writer, title="Scheduled words", body="b", status="published",
            published_at=timezone.now() + timedelta(hours=1),
        )  # fmt: skip
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)  # a moderator hid it since
    texts = [item.text for item in activity_for(user=user)]
    assert texts == ["New post: Public words"]
    # The scheduled post is news at its time (the every-minute job publishes it).
    Post.objects.filter(title="Scheduled words").update(published_at=timezone.now())  # time passes
    with django_capture_on_commit_callbacks(execute=True):
        assert blog.posts_publish_due() == 1
    assert next(item.text for item in activity_for(user=user)) == "New post: Scheduled words"


def test_activity_is_read_from_events_not_from_the_apps_models(django_capture_on_commit_callbacks):
    """A row written without its service (no event) is not news; the event log is the feed."""
    user = UserFactory()
    project = ProjectFactory()
    follow_set(user=user, target_type="project", target_id=project.pk, following=True)
    ArtefactFactory(title="Written behind the services' back", project=project)
    assert activity_for(user=user) == []


def test_home_page_shows_following_activity_when_signed_in(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    user = UserFactory()
    project = ProjectFactory()
    follow_set(user=user, target_type="project", target_id=project.pk, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        sharing.project_update_post(project=project, user=project.lead, body="News")
    client.force_login(user)
    with django_assert_max_num_queries(20):
        html = client.get("/").content.decode()
    assert "From what you follow" in html and f"update on {project.title}" in html
    client.logout()
    assert "From what you follow" not in client.get("/").content.decode()


def test_weekly_digest_is_opt_in_and_sent_once_per_week(capsys, django_capture_on_commit_callbacks):
    reader, quiet = UserFactory(), UserFactory()
    project = ProjectFactory()
    for user in (reader, quiet):
        follow_set(user=user, target_type="project", target_id=project.pk, following=True)
    DigestPreference.objects.create(user=reader, weekly=True)
    with django_capture_on_commit_callbacks(execute=True):
        sharing.project_update_post(project=project, user=project.lead, body="News")
    mail.outbox.clear()  # the watchers' own notification emails
    call_command("send_digests", "--quiet-progress")
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert project.get_absolute_url() in mail.outbox[0].body
    assert "1 sent" in capsys.readouterr().out
    call_command("send_digests", "--quiet-progress")
    assert len(mail.outbox) == 1
    assert "1 already sent this week" in capsys.readouterr().out
    next_week = digests_send(now=timezone.now() + timedelta(days=7))
    assert next_week.sent == 0 and next_week.skipped_empty == 1  # nothing new since


def test_digest_preference_page(client):
    user = UserFactory()
    client.force_login(user)
    follow_set(
        user=user, target_type="council", target_id=CouncilFactory(name="Kent").pk, following=True
    )
    page = client.get(reverse("follows:following")).content.decode()
    assert "Kent" in page and "Unfollow" in page
    client.post(reverse("follows:following"), {"weekly": "on"})
    assert DigestPreference.objects.get(user=user).weekly is True


def test_send_digests_help():
    with pytest.raises(SystemExit):
        call_command("send_digests", "--help")


@pytest.mark.parametrize("target_id", ["²", "9" * 30, "-1", "1e3"])
@pytest.mark.parametrize("target_type", ["person", "project", "standard"])
def test_follow_with_an_impossible_id_is_404_not_500(client, target_type, target_id):
    client.force_login(UserFactory())
    response = client.post(
        reverse("follows:set"), {"target_type": target_type, "target_id": target_id}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


def _follow_many(user, count: int) -> None:
    from tests.groups.factories import WorkingGroupFactory
    from tests.standards.factories import StandardFactory

    for i in range(count):
        follow_set(user=user, target_type="council", target_id=CouncilFactory().pk, following=True)
        follow_set(user=user, target_type="project", target_id=ProjectFactory().pk, following=True)
        follow_set(
            user=user, target_type="service", target_id=ServiceTopicFactory().pk, following=True
        )
        follow_set(user=user, target_type="person", target_id=UserFactory().pk, following=True)
        follow_set(user=user, target_type="tag", target_id=f"tag {i}", following=True)
        follow_set(
            user=user, target_type="standard", target_id=StandardFactory().pk, following=True
        )
        follow_set(
            user=user, target_type="group", target_id=WorkingGroupFactory().pk, following=True
        )


@pytest.mark.parametrize("count", [1, 8])
def test_following_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    user = UserFactory()
    _follow_many(user, count)
    client.force_login(user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("follows:following"))
    assert response.status_code == 200
    assert response.content.decode().count('name="following" value="0"') == 7 * count


def test_following_page_leaves_out_members_only_standards_and_groups(client):
    from hub.groups.models import WorkingGroup
    from tests.groups.factories import WorkingGroupFactory
    from tests.standards.factories import StandardFactory

    user = UserFactory()
    secret = WorkingGroupFactory(name="Secret group", visibility=WorkingGroup.Visibility.MEMBERS)
    hidden = StandardFactory(group=secret, title="Secret standard")
    shown = StandardFactory(title="Open standard")
    for target_type, pk in [("group", secret.pk), ("standard", hidden.pk), ("standard", shown.pk)]:
        follow_set(user=user, target_type=target_type, target_id=pk, following=True)
    client.force_login(user)
    content = client.get(reverse("follows:following")).content.decode()
    assert "Open standard" in content
    assert "Secret standard" not in content and "Secret group" not in content
