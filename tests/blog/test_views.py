"""Blog pages as each kind of visitor sees them."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from hub.blog.models import Post
from tests.blog.factories import CommentFactory, DraftFactory, PostFactory
from tests.blog.htmlcheck import executable_markup
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(post: Post, name: str = "blog:post") -> str:
    return reverse(name, kwargs={"handle": post.author.profile.handle, "slug": post.slug})


def test_blog_list_shows_published_posts_only(client):
    published = PostFactory(title="Published one")
    DraftFactory(title="A draft")
    PostFactory(title="Scheduled", published_at=timezone.now() + timedelta(days=1))
    PostFactory(title="Hidden one", is_hidden=True)
    response = client.get(reverse("blog:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert published.title in content
    assert "A draft" not in content and "Scheduled" not in content and "Hidden one" not in content


def test_blog_list_filters_by_tag_and_council(client):
    council = CouncilFactory(name="Adur")
    tagged = PostFactory(title="Tagged post")
    tagged.tags.add("bins")
    about = PostFactory(title="Council post")
    about.councils.add(council)
    PostFactory(title="Other post")
    by_tag = client.get(reverse("blog:list"), {"tag": "bins"}).content.decode()
    assert "Tagged post" in by_tag and "Other post" not in by_tag
    by_council = client.get(reverse("blog:list"), {"council": council.slug}).content.decode()
    assert "Council post" in by_council and "Other post" not in by_council


def _make_posts(count: int) -> None:
    council = CouncilFactory()
    for i in range(count):
        post = PostFactory()
        post.tags.add(f"tag{i}", "shared")
        post.councils.add(council)
        CommentFactory(post=post)


@pytest.mark.parametrize("count", [3, 25])
def test_blog_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    _make_posts(count)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("blog:list"))
    assert response.status_code == 200
    assert response.content.decode().count("data-post=") == min(count, 20)


@pytest.mark.parametrize("count", [3, 25])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    _make_posts(count)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("blog:feed"))
    assert response.status_code == 200
    assert response.content.decode().count("<entry>") == min(count, 20)


def test_author_blog_and_post_page_with_comments_run_fixed_queries(
    client, member, django_assert_max_num_queries
):
    post = PostFactory()
    for _ in range(30):
        parent = CommentFactory(post=post)
        CommentFactory(post=post, parent=parent)
    client.force_login(member)
    with django_assert_max_num_queries(14):
        response = client.get(_url(post))
    assert response.content.decode().count("data-comment=") == 60
    with django_assert_max_num_queries(9):
        assert client.get(f"/people/{post.author.profile.handle}/blog/").status_code == 200


def test_post_page_has_canonical_and_open_graph_metadata(client):
    post = PostFactory(summary="Short summary")
    content = client.get(_url(post)).content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{_url(post)}">' in content or (
        'rel="canonical"' in content and _url(post) in content
    )
    assert '<meta property="og:title" content="' in content
    assert '<meta property="og:description" content="Short summary">' in content


def test_syndicated_post_points_canonical_at_the_original(client):
    post = PostFactory(canonical_url="https://me.example.org/2025/bins", body_format="html")
    content = client.get(_url(post)).content.decode()
    assert '<link rel="canonical" href="https://me.example.org/2025/bins">' in content


@pytest.mark.parametrize(
    ("role", "draft_status", "hidden_status"),
    [("anonymous", 404, 404), ("member", 404, 404), ("author", 200, 200), ("moderator", 404, 200)],
)
def test_draft_and_hidden_post_visibility_per_role(client, role, draft_status, hidden_status):
    author = UserFactory()
    draft = DraftFactory(author=author)
    hidden = PostFactory(author=author, is_hidden=True)
    viewer = {
        "anonymous": None,
        "member": UserFactory(),
        "author": author,
        "moderator": ModeratorFactory(),
    }[role]
    if viewer:
        client.force_login(viewer)
    assert client.get(_url(draft)).status_code == draft_status
    assert client.get(_url(hidden)).status_code == hidden_status


def test_editor_preview_renders_markdown_without_saving(client, member):
    client.force_login(member)
    response = client.post(
        reverse("blog:new"),
        {"title": "My title", "body": "Some **bold** text", "action": "preview"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in content
    assert 'value="My title"' in content  # the form keeps what was typed
    assert not Post.objects.exists()


def test_editor_saves_a_draft_then_publishes(client, member):
    client.force_login(member)
    response = client.post(
        reverse("blog:new"), {"title": "Draft title", "body": "x", "action": "draft"}
    )
    post = Post.objects.get()
    assert response.status_code == 302 and post.status == "draft"
    response = client.post(
        _url(post, "blog:edit"), {"title": "Draft title", "body": "x", "action": "publish"}
    )
    post.refresh_from_db()
    assert post.is_published


def test_editor_schedules_a_post_for_later(client, member):
    client.force_login(member)
    later = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("blog:new"),
        {"title": "Later", "body": "x", "action": "publish", "publish_at": later},
    )
    post = Post.objects.get()
    assert post.is_scheduled
    assert "Later" not in client.get(reverse("blog:list")).content.decode()


def test_editor_rejects_oversized_title_with_error_summary_and_keeps_input(client, member):
    client.force_login(member)
    response = client.post(
        reverse("blog:new"), {"title": "t" * 201, "body": "keep me", "action": "publish"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content and "at most 200 characters" in content
    assert "keep me" in content
    assert not Post.objects.exists()


def test_only_the_author_can_open_the_editor(client):
    post = PostFactory()
    client.force_login(UserFactory())
    assert client.get(_url(post, "blog:edit")).status_code == 404
    client.force_login(post.author)
    assert client.get(_url(post, "blog:edit")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in_for_writing(client):
    response = client.get(reverse("blog:new"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_comment_and_reply_without_javascript(client, member):
    post = PostFactory()
    client.force_login(member)
    response = client.post(_url(post, "blog:comment"), {"body": "First!"})
    comment = post.comments.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    client.force_login(post.author)
    client.post(_url(post, "blog:comment"), {"body": "Reply", "parent": comment.pk})
    reply = post.comments.get(parent=comment)
    assert reply.depth == 1


def test_empty_comment_shows_error_summary(client, member):
    post = PostFactory()
    client.force_login(member)
    response = client.post(_url(post, "blog:comment"), {"body": ""})
    assert response.status_code == 400
    assert "Enter a comment." in response.content.decode()


def test_deleted_comment_keeps_the_thread(client):
    top = CommentFactory(body="Original words")
    CommentFactory(post=top.post, parent=top, body="A reply")
    client.force_login(top.author)
    url = reverse(
        "blog:comment_delete",
        kwargs={"handle": top.post.author.profile.handle, "slug": top.post.slug, "pk": top.pk},
    )
    client.post(url)
    content = client.get(_url(top.post)).content.decode()
    assert "Comment deleted" in content and "A reply" in content
    assert "Original words" not in content


def test_hidden_comment_is_a_placeholder_for_others_but_visible_to_moderators(client):
    comment = CommentFactory(body="Rude words", is_hidden=True)
    client.force_login(UserFactory())
    assert "Rude words" not in client.get(_url(comment.post)).content.decode()
    client.force_login(ModeratorFactory())
    assert "Rude words" in client.get(_url(comment.post)).content.decode()


def test_useful_toggle_works_as_a_plain_form_post(client, member):
    post = PostFactory()
    client.force_login(member)
    client.post(_url(post, "blog:useful"))
    assert "You found this useful (1)" in client.get(_url(post)).content.decode()
    client.post(_url(post, "blog:useful"))
    assert "Useful (0)" in client.get(_url(post)).content.decode()


def test_useful_requires_post_and_csrf(member):
    from django.test import Client

    post = PostFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(_url(post, "blog:useful")).status_code == 403
    assert client.get(_url(post, "blog:useful")).status_code == 405


def test_feeds_include_public_posts_only(client):
    council = CouncilFactory()
    public = PostFactory(title="Public post")
    public.tags.add("bins")
    public.councils.add(council)
    hidden = PostFactory(title="Hidden post", author=public.author, is_hidden=True)
    hidden.tags.add("bins")
    hidden.councils.add(council)
    DraftFactory(title="Draft post", author=public.author)
    PostFactory(
        title="Future post", author=public.author, published_at=timezone.now() + timedelta(1)
    )
    handle = public.author.profile.handle
    for url in [
        reverse("blog:feed"),
        f"/people/{handle}/blog/feed/",
        reverse("blog:tag_feed", args=["bins"]),
        reverse("blog:council_feed", args=[council.slug]),
    ]:
        response = client.get(url)
        content = response.content.decode()
        assert response["Content-Type"].startswith("application/atom+xml"), url
        assert "Public post" in content, url
        assert "Hidden post" not in content and "Draft post" not in content, url
        assert "Future post" not in content, url


XSS_TITLE = '<script>alert("t")</script><img src=x onerror=alert(1)>'
XSS_BODY = (
    "<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
    '<svg onload=alert(1)>\n\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n\n<a href="x" onclick="alert(1)">'
)


def test_xss_in_titles_and_bodies_is_escaped_or_stripped(client, member):
    post = PostFactory(title=XSS_TITLE, body=XSS_BODY, summary=XSS_TITLE)
    CommentFactory(post=post, body=XSS_BODY)
    for url in [_url(post), reverse("blog:list")]:
        content = client.get(url).content.decode()
        assert executable_markup(content) == [], url
        assert "&lt;script&gt;" in content, url  # shown as text, not run
    feed = ElementTree.fromstring(client.get(reverse("blog:feed")).content)
    summaries = feed.findall(".//{http://www.w3.org/2005/Atom}summary")
    assert summaries and all(executable_markup(s.text or "") == [] for s in summaries)


def test_profile_council_and_home_pages_show_recent_posts(client):
    council = CouncilFactory()
    post = PostFactory(title="Sectioned post")
    post.councils.add(council)
    DraftFactory(title="Secret draft", author=post.author)
    for url in [post.author.profile.get_absolute_url(), council.get_absolute_url(), "/"]:
        content = client.get(url).content.decode()
        assert "Sectioned post" in content, url
        assert "Secret draft" not in content, url
    assert (
        f"/people/{post.author.profile.handle}/blog/"
        in client.get(post.author.profile.get_absolute_url()).content.decode()
    )


# --- Review regressions: odd input must never 500 ---------------------------------------------


@pytest.mark.parametrize("raw", ["café", "bin collections", "a/b", "😀", "\x00"])
def test_blog_list_survives_any_tag_text_and_links_its_feed(client, raw):
    response = client.get(reverse("blog:list"), {"tag": raw})
    assert response.status_code == 200


def test_unicode_tag_lists_its_posts_and_has_a_working_feed(client):
    post = PostFactory(title="Gwasanaethau")
    post.tags.add("Café")  # taggit keeps Unicode in slugs: "café"
    slug = post.tags.get().slug
    page = client.get(reverse("blog:list"), {"tag": slug}).content.decode()
    assert "Gwasanaethau" in page
    feed = client.get(reverse("blog:tag_feed", args=[slug]))
    assert feed.status_code == 200 and b"Gwasanaethau" in feed.content


@pytest.mark.parametrize("remove", ["abc", "²", "1.5"])
def test_removing_a_feed_with_a_bad_id_is_404_not_500(client, remove):
    client.force_login(UserFactory())
    response = client.post(reverse("blog:settings"), {"remove": remove})
    assert response.status_code == 404


def test_control_characters_in_a_post_do_not_break_the_feeds(client):
    post = PostFactory(title="Bins\x0b day", summary="s\x08", body="Body \x1b text")
    post.tags.add("bins")
    handle = post.author.profile.handle
    for url in [
        reverse("blog:feed"),
        reverse("author_blog_feed", args=[handle]),
        reverse("blog:tag_feed", args=["bins"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        titles = ElementTree.fromstring(response.content).findall(
            ".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title"
        )
        assert [t.text for t in titles] == ["Bins day"], url


def test_blog_list_cards_link_their_councils_and_tags(client):
    council = CouncilFactory(name="Adur", slug="adur")
    post = PostFactory(title="Card post")
    post.tags.add("Bins", "waste")
    post.councils.add(council)
    PostFactory(title="Bare post")

    content = client.get(reverse("blog:list")).content.decode()

    card = content.split(f'data-post="{post.pk}"')[1].split("</li>")[0]
    list_url = reverse("blog:list")
    assert f'href="{list_url}?council=adur"><strong class="govuk-tag govuk-tag--blue">Adur<' in card
    assert f'href="{list_url}?tag=bins"><strong class="govuk-tag govuk-tag--grey">Bins<' in card
    assert f'href="{list_url}?tag=waste"' in card
    assert f'href="{_url(post)}"' in card


def test_an_author_cannot_mark_their_own_post_or_comment_useful(client):
    from hub.blog.models import CommentUseful, PostUseful

    post = PostFactory()
    comment = CommentFactory(post=post, author=post.author)
    client.force_login(post.author)
    page = client.get(_url(post)).content.decode()
    assert "data-useful-post" not in page and "data-useful-comment" not in page
    handle = post.author.profile.handle
    response = client.post(reverse("blog:useful", args=[handle, post.slug]), follow=True)
    assert "You cannot mark your own post useful." in response.content.decode()
    client.post(reverse("blog:comment_useful", args=[handle, post.slug, comment.pk]))
    assert not PostUseful.objects.exists() and not CommentUseful.objects.exists()
