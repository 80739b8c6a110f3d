"""Done when: draft, preview, publish; comment and reply; flag and hide; feeds follow; a
syndicated feed's entries appear as posts. Plus the XSS corpus, checked in a real browser."""

import re

import pytest
from defusedxml import ElementTree
from django.core.management import call_command

from hub.blog.models import Post
from tests.blog.factories import CommentFactory, PostFactory
from tests.blog.feedserver import atom
from tests.browser.fixtures import sign_in
from tests.factories import CouncilFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed_titles(page, url: str) -> list[str]:
    response = page.request.get(url)
    assert response.status == 200, url
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.body())
    return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]


def _person(browser_context_factory, server, user):
    page = browser_context_factory().new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server, user.email, PASSWORD)
    return page


def test_practitioners_write_discuss_moderate_and_syndicate(
    page, browser_context_factory, live_server_asgi, feed_server
):
    server = live_server_asgi
    council = CouncilFactory(name="Adur", slug="adur")
    alice = UserFactory(profile__display_name="Alice Author", profile__council=council)
    bob = UserFactory(profile__display_name="Bob Commenter")
    carol = UserFactory(profile__display_name="Carol Flagger")
    moderator = ModeratorFactory(profile__display_name="Mo Moderator")

    # Alice drafts, previews and publishes.
    sign_in(page, server, alice.email, PASSWORD)
    page.goto(f"{server.url}/blog/write/")
    page.get_by_label("Title").fill("Our new bin day finder")
    page.get_by_label("Post", exact=True).fill("We *tested* it with **residents**.")
    page.get_by_label("Tags (optional)").fill("bins, waste")
    page.get_by_role("button", name="Save draft").click()
    page.locator("[data-post-status=draft]").wait_for()
    page.get_by_role("link", name="Edit and publish it").click()
    page.get_by_label("Post", exact=True).fill("We *tested* it with **residents** and it worked.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("[data-preview-body]")
    assert preview.locator("strong").inner_text() == "residents"
    assert preview.locator("em").inner_text() == "tested"
    assert Post.objects.get().status == "draft"  # preview saved nothing
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("heading", level=1, name="Our new bin day finder").wait_for()
    post = Post.objects.get()
    assert post.is_public and "and it worked" in post.body
    assert list(post.councils.all()) == [council]  # defaulted to Alice's council
    post_url = f"{server.url}{post.get_absolute_url()}"

    # Bob comments; Alice replies.
    bob_page = _person(browser_context_factory, server, bob)
    bob_page.goto(post_url)
    bob_page.get_by_label("Comment", exact=True).fill("How did you **recruit** residents?")
    bob_page.get_by_role("button", name="Add comment").click()
    bob_comment = bob_page.locator("[data-comment][data-depth='0']")
    bob_comment.locator("strong", has_text="recruit").wait_for()

    page.goto(post_url)
    page.get_by_text("Reply to Bob Commenter").click()
    page.get_by_label("Your reply").fill("Through our residents' panel.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("[data-comment][data-depth='1']")
    assert "residents' panel" in reply.inner_text()
    assert "How did you" in page.locator("[data-comment][data-depth='0']").first.inner_text()

    # Both were told, in the in-app notifications list.
    page.goto(f"{server.url}/notifications/")
    assert (
        "Bob Commenter commented on your post"
        in page.locator("[data-notification-kind='blog.comment_posted']").inner_text()
    )
    bob_page.goto(f"{server.url}/notifications/")
    assert (
        "Alice Author replied to your comment"
        in bob_page.locator("[data-notification-kind='blog.reply_posted']").inner_text()
    )

    # The Atom feeds show the post.
    feeds = [
        f"{server.url}/blog/feed/",
        f"{server.url}/people/{alice.profile.handle}/blog/feed/",
        f"{server.url}/blog/tags/bins/feed/",
        f"{server.url}/blog/councils/adur/feed/",
    ]
    for url in feeds:
        assert "Our new bin day finder" in _feed_titles(page, url), url

    # Carol flags it; the moderator hides it with a note.
    carol_page = _person(browser_context_factory, server, carol)
    carol_page.goto(post_url)
    carol_page.get_by_role("link", name="Flag this post").click()
    carol_page.get_by_label("What is wrong with it?").fill("Advertises a supplier's product.")
    carol_page.get_by_role("button", name="Flag post").click()
    carol_page.get_by_text("Moderators will look at this post soon").wait_for()

    mod_page = _person(browser_context_factory, server, moderator)
    mod_page.goto(f"{server.url}/moderation/")
    mod_page.get_by_role("link", name="Our new bin day finder").click()
    assert "Advertises a supplier" in mod_page.locator("[data-flags]").inner_text()
    mod_page.get_by_label("Note").fill("Promotional content, rule 3.")
    mod_page.get_by_role("button", name="Hide post").click()
    mod_page.get_by_text("The post has been hidden").wait_for()

    # Hidden: gone for everyone else, still there for its author and moderators.
    anonymous = browser_context_factory().new_page()
    assert anonymous.goto(post_url).status == 404
    anonymous.goto(f"{server.url}/blog/")
    assert "Our new bin day finder" not in anonymous.content()
    assert bob_page.goto(post_url).status == 404
    page.goto(post_url)
    page.locator("[data-post-hidden]").wait_for()
    for url in feeds:
        assert "Our new bin day finder" not in _feed_titles(page, url), url

    # Alice registers her own blog's feed; the importer turns its entries into posts.
    feed_url = feed_server.serve(
        "/alice.xml",
        atom(
            [
                {
                    "id": "tag:alice,2025:1",
                    "title": "Notes from the waste summit",
                    "link": "https://alice.example.org/2025/summit",
                    "content": "&lt;p&gt;Three things we &lt;em&gt;learned&lt;/em&gt;.&lt;/p&gt;",
                },
                {
                    "id": "tag:alice,2025:2",
                    "title": "Why we stopped using PDFs",
                    "link": "https://alice.example.org/2025/pdfs",
                    "content": "&lt;p&gt;Accessibility.&lt;/p&gt;",
                },
            ]
        ),
    )
    page.goto(f"{server.url}/blog/settings/")
    page.get_by_label("Feed address").fill(feed_url)
    page.get_by_role("button", name="Add feed").click()
    page.get_by_text("Feed added").wait_for()
    call_command("sync_feeds")  # the periodic job, run by the test instead of the scheduler
    anonymous.goto(f"{server.url}/blog/")
    anonymous.get_by_role("link", name="Notes from the waste summit").click()
    assert anonymous.locator("[data-post-body] em").inner_text() == "learned"
    original = anonymous.locator("[data-canonical] a")
    assert original.get_attribute("href") == "https://alice.example.org/2025/summit"
    assert "Why we stopped using PDFs" in _feed_titles(page, feeds[0])

    for person in (page, bob_page, carol_page, mod_page, anonymous):
        assert getattr(person, "dialogs", []) == []


XSS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=10 /></svg>",
    "[click me](javascript:alert('md-link'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert('md-img'))",
    "<a href=\"javascript:alert('a')\">a</a>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<div style=\"background:url(javascript:alert('css'))\" onmouseover=alert('hover')>x",
    "<b><i>broken <script>alert('broken')</b>",
    "[x](  javascript:alert('spaces'))",
    "<details open ontoggle=alert('toggle')>",
    "[a](jav&#x09;ascript:alert('entity'))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
]
INJECTED = (
    "[data-post-body] script, [data-post-body] svg, [data-post-body] iframe, "
    "[data-comment-body] script, [data-comment-body] svg, [data-comment-body] iframe, "
    "[onerror], [onload], [onclick], [onmouseover], [ontoggle], "
    "a[href^='javascript' i], a[href^='data' i], img[src^='javascript' i]"
)


def test_xss_corpus_never_executes_in_a_real_browser(page, live_server_asgi, feed_server):
    server = live_server_asgi
    corpus = "\n\n".join(XSS)
    post = PostFactory(title=XSS[0] + XSS[1], summary=XSS[2], body=corpus)
    post.tags.add("xss")
    CommentFactory(post=post, body=corpus)
    entries = [
        {"id": f"x{i}", "title": re.sub("[<>&]", "", payload) or "t", "content": payload}
        for i, payload in enumerate(XSS)
    ]
    from xml.sax.saxutils import escape

    for entry in entries:
        entry["content"] = escape(entry["content"])
    feed_url = feed_server.serve("/xss.xml", atom(entries))
    from tests.blog.factories import SyndicatedFeedFactory

    SyndicatedFeedFactory(owner=post.author, url=feed_url)
    call_command("sync_feeds")
    imported = list(Post.objects.filter(syndicated_from__isnull=False))
    assert len(imported) == len(XSS)

    sign_in(page, server, post.author.email, PASSWORD)
    urls = [
        post.get_absolute_url(),
        "/blog/",
        f"/people/{post.author.profile.handle}/blog/",
        f"/people/{post.author.profile.handle}/",
        "/",
        *[p.get_absolute_url() for p in imported],
    ]
    for path in urls:
        page.goto(f"{server.url}{path}")
        page.mouse.move(200, 300)
        assert page.locator(INJECTED).count() == 0, path
    # The editor's preview renders the same corpus.
    page.goto(f"{server.url}/blog/write/")
    page.get_by_label("Title").fill(XSS[1])
    page.get_by_label("Post", exact=True).fill(corpus)
    page.get_by_role("button", name="Preview").click()
    page.locator("[data-preview]").wait_for()
    assert page.locator(INJECTED).count() == 0
    assert page.dialogs == []


def test_blog_pages_have_no_serious_accessibility_violations(page, live_server_asgi):
    from tests.browser.fixtures import axe_serious_violations, dump

    server = live_server_asgi
    post = PostFactory(title="Accessible post")
    post.tags.add("bins")
    top = CommentFactory(post=post)
    CommentFactory(post=post, parent=top)
    moderator = ModeratorFactory()
    from hub.moderation.services import flag_create

    flag_create(reporter=UserFactory(), target=post, reason="check")
    sign_in(page, server, moderator.email, PASSWORD)
    for path in [
        "/blog/",
        post.get_absolute_url(),
        "/blog/write/",
        "/blog/settings/",
        f"/people/{post.author.profile.handle}/blog/",
        "/moderation/",
        f"/moderation/review/blog.post/{post.pk}/",
        f"/moderation/flag/blog.comment/{top.pk}/",
    ]:
        page.goto(f"{server.url}{path}")
        violations = axe_serious_violations(page)
        assert violations == [], f"{path}: {dump(violations)}"
