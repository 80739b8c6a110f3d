"""Search page polish: one search box, long facet lists collapsed, related work without the
post's own comments."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from search import api
from search.api import Facet, FacetOption
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_results_page_has_one_search_box(client):
    home = client.get("/").content.decode()
    page = client.get(reverse("search:search"), {"q": "bins"}).content.decode()

    assert 'id="header-search"' in home
    assert 'id="header-search"' not in page
    assert page.count('type="search"') == 1


def test_long_facet_lists_show_the_top_ten_and_keep_ticked_ones_visible():
    options = [FacetOption(f"tag{i}", f"Tag {i}", 20 - i, selected=(i == 12)) for i in range(15)]
    facet = Facet("tag", "Tag", options)

    assert [o.value for o in facet.shown] == [f"tag{i}" for i in range(10)] + ["tag12"]
    assert [o.value for o in facet.more] == ["tag10", "tag11", "tag13", "tag14"]


def test_related_prior_work_never_lists_comments_on_the_same_post(search_backend, reindex):
    from hub.blog.services import comment_create, post_create

    author, other = UserFactory(), UserFactory()
    post = post_create(
        author=author,
        title="Garden waste permits online",
        body="Selling garden waste permits online with renewals.",
        status="published",
    )
    comment = comment_create(
        post=post, author=other, body="Garden waste permits online renewals worked for us too."
    )
    elsewhere = post_create(
        author=other,
        title="Garden waste renewals",
        body="Our garden waste permits online renewals.",
        status="published",
    )
    reindex(post, comment, elsewhere)

    beside_post = [h.source for h in api.related(post, user=AnonymousUser())]
    beside_comment = [h.source for h in api.related(comment, user=AnonymousUser())]

    assert beside_post == [f"blog.post:{elsewhere.pk}"]
    assert f"blog.post:{post.pk}" not in beside_comment
    assert f"blog.post:{elsewhere.pk}" in beside_comment
