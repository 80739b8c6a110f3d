"""Profiles: editing your own, validation that keeps input, verified affiliation, the directory."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import Profile
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def _profile_data(**overrides) -> dict:
    data = {
        "display_name": "Jo Bloggs",
        "handle": "jo-bloggs",
        "job_title": "Service designer",
        "council": "",
        "bio": "I work on **bins**.",
        "interests": "Bin collections, open data, bin collections",
        "website": "",
        "github": "",
        "mastodon": "",
        "linkedin": "",
    }
    data.update(overrides)
    return data


def test_member_edits_own_profile(client):
    user = UserFactory(profile__handle=None, profile__display_name="")
    client.force_login(user)
    council = CouncilFactory()
    response = client.post("/profile/edit/", _profile_data(council=council.pk))
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.handle == "jo-bloggs" and profile.council == council
    assert sorted(profile.interests.names()) == ["bin collections", "open data"]


def test_profile_page_renders_bio_markdown_sanitised(client):
    UserFactory(
        profile__handle="pat",
        profile__bio="**bold** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    response = client.get("/people/pat/")
    assert b"<strong>bold</strong>" in response.content
    assert b"<script>alert(1)" not in response.content
    assert b'href="javascript:' not in response.content


def test_duplicate_handle_is_refused_and_input_kept(client):
    UserFactory(profile__handle="taken")
    user = UserFactory()
    client.force_login(user)
    response = client.post("/profile/edit/", _profile_data(handle="taken", job_title="Kept"))
    assert response.status_code == 200
    assert "That handle is taken" in response.content.decode()
    assert 'value="Kept"' in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("job_title", "x" * 121, "at most 120 characters"),
        ("display_name", "x" * 81, "at most 80 characters"),
        ("handle", "Not A Handle!", "Handles use lower-case letters"),
        ("bio", "x" * 5001, "at most 5000 characters"),
        ("interests", ",".join(f"i{n}" for n in range(25)), "up to 20 interests"),
    ],
)
def test_oversized_or_invalid_fields_are_rejected_not_truncated(client, field, value, message):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/profile/edit/", _profile_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Profile.objects.get(user=user).handle == f"person-{user.pk}"


def test_verified_affiliation_needs_verified_email_on_council_domain(client):
    council = CouncilFactory(website="https://www.adur-worthing.gov.uk")
    user = UserFactory(email="sam@adur-worthing.gov.uk")
    client.force_login(user)
    client.post("/profile/edit/", _profile_data(council=council.pk))
    assert Profile.objects.get(user=user).council_verified is True
    assert "Verified, " in client.get("/people/jo-bloggs/").content.decode()

    other = UserFactory(email="kim@gmail.com")
    client.force_login(other)
    client.post("/profile/edit/", _profile_data(handle="kim", council=council.pk))
    assert Profile.objects.get(user=other).council_verified is False
    assert "Self-declared" in client.get("/people/kim/").content.decode()


def test_unverified_council_email_does_not_verify(client):
    council = CouncilFactory(website="https://www.adur-worthing.gov.uk")
    user = UserFactory(email="sam@adur-worthing.gov.uk", email_verified=False)
    client.force_login(user)
    client.post("/profile/edit/", _profile_data(council=council.pk))
    assert Profile.objects.get(user=user).council_verified is False


def test_confirming_a_council_email_later_verifies_affiliation(client, rf):
    from allauth.account.signals import email_confirmed

    council = CouncilFactory(website="https://www.adur-worthing.gov.uk")
    user = UserFactory(profile__council=council)
    address = EmailAddress.objects.create(user=user, email="me@adur-worthing.gov.uk", verified=True)
    email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
    assert Profile.objects.get(user=user).council_verified is True


def test_directory_filters_by_council_and_interest(client):
    adur = CouncilFactory(slug="adur")
    UserFactory(profile__display_name="In Adur", profile__council=adur, profile__interests=["bins"])
    UserFactory(profile__display_name="Also Adur", profile__council=adur)
    UserFactory(profile__display_name="Elsewhere", profile__interests=["bins"])
    body = client.get("/people/", {"council": "adur", "interest": "bins"}).content.decode()
    assert "In Adur" in body and "Also Adur" not in body and "Elsewhere" not in body


def test_directory_query_count_is_fixed(client, django_assert_max_num_queries):
    for n in range(25):
        UserFactory(profile__interests=[f"topic {n}", "shared"])
    with django_assert_max_num_queries(6):
        client.get("/people/")


def test_anonymous_cannot_edit_profiles(client):
    response = client.get("/profile/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_incomplete_profile_is_sent_to_finish_it_after_login(client):
    user = UserFactory(profile__handle=None, profile__display_name="")
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/profile/edit/")
