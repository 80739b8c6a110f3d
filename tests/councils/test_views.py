import pytest

from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_directory_filters_by_nation_and_type(client):
    CouncilFactory(name="Cardiff", nation="Wales", council_type="WPA")
    CouncilFactory(name="Adur", nation="England", council_type="NMD")
    response = client.get("/councils/", {"nation": "Wales"})
    assert response.status_code == 200
    assert b"Cardiff" in response.content and b"Adur" not in response.content
    response = client.get("/councils/", {"council_type": "NMD"})
    assert b"Adur" in response.content and b"Cardiff" not in response.content


def test_council_page_lists_its_practitioners(client):
    council = CouncilFactory(name="Adur")
    UserFactory(profile__council=council, profile__display_name="Alex Doe")
    UserFactory(profile__display_name="Elsewhere Person")
    response = client.get(council.get_absolute_url())
    assert b"Alex Doe" in response.content
    assert b"Elsewhere Person" not in response.content


def test_directory_query_count_is_fixed(client, django_assert_max_num_queries):
    for _ in range(30):
        CouncilFactory()
    with django_assert_max_num_queries(4):
        client.get("/councils/")


def test_council_owns_email_only_on_its_own_domain():
    council = CouncilFactory.build(website="https://www.leeds.gov.uk/")
    assert council.owns_email("a@leeds.gov.uk")
    assert council.owns_email("a@digital.leeds.gov.uk")
    assert not council.owns_email("a@notleeds.gov.uk")
    assert not council.owns_email("a@leeds.gov.uk.evil.com")
    assert not CouncilFactory.build(website="https://www.gov.uk/leeds").owns_email("a@gov.uk")


def test_council_page_leaves_out_deactivated_members(client):
    council = CouncilFactory(name="Adur")
    UserFactory(profile__council=council, profile__display_name="Still Here")
    gone = UserFactory(profile__council=council, profile__display_name="Account Closed")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    content = client.get(council.get_absolute_url()).content.decode()
    assert "Still Here" in content
    assert "Account Closed" not in content and gone.profile.handle not in content
    assert client.get(gone.profile.get_absolute_url()).status_code == 404
