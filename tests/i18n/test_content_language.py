"""Posts, standards and channel messages carry their language; pages mark content whose
language differs from the page's with ``lang``."""

import pytest
from django.conf import settings

from hub.blog import services as blog
from hub.blog.models import Post
from hub.core.content_language import author_default, lang_attribute
from hub.discussions.models import Message
from hub.discussions.services import message_post
from tests.discussions.factories import ChannelFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def _welsh_member():
    member = UserFactory()
    member.language = "cy"
    member.save(update_fields=["language"])
    return member


def test_new_content_takes_the_authors_language_unless_they_choose():
    welsh, english = _welsh_member(), UserFactory()
    assert author_default(welsh) == "cy"
    assert author_default(english) == "en"
    post = blog.post_create(author=welsh, title="Newyddion", body="Testun", status="published")
    assert post.language == "cy"
    chosen = blog.post_create(author=welsh, title="News", body="Text", language="en")
    assert chosen.language == "en"
    channel = ChannelFactory()
    message = message_post(channel=channel, author=welsh, body="Bore da")
    assert Message.objects.get(pk=message.pk).language == "cy"


def test_the_post_editor_offers_the_language_and_saves_it(client):
    member = UserFactory()
    client.force_login(member)
    page = client.get("/blog/write/").content.decode()
    assert 'name="language" type="radio" value="cy"' in page
    client.post(
        "/blog/write/",
        {"title": "Casglu biniau", "body": "Testun", "language": "cy", "action": "publish"},
    )
    assert Post.objects.get(title="Casglu biniau").language == "cy"


def test_welsh_post_is_marked_on_an_english_page_and_not_on_a_welsh_one(client):
    post = blog.post_create(
        author=_welsh_member(), title="Casgliadau biniau", body="Testun", status="published"
    )
    english_page = client.get(post.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl" lang="cy">Casgliadau biniau</h1>' in english_page
    assert 'data-post-body lang="cy">' in english_page
    client.cookies[COOKIE] = "cy"
    welsh_page = client.get(post.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl">Casgliadau biniau</h1>' in welsh_page


def test_lang_attribute_only_when_languages_differ():
    from django.utils import translation

    with translation.override("en-gb"):
        assert lang_attribute("cy") == ' lang="cy"'
        assert lang_attribute("en") == ""
    with translation.override("cy"):
        assert lang_attribute("en") == ' lang="en"'
        assert lang_attribute("cy") == ""
