"""Objects the Welsh page checks show: names and content are pseudo-text, never English."""

from types import SimpleNamespace

import pytest

from tests.factories import CouncilFactory, UserFactory
from tests.i18n.pseudo import pseudo
from tests.i18n.world_b import build as build_part_b
from tests.i18n.world_c import build as build_rest


@pytest.fixture
def world(db, settings):
    # Third-party sign-in offered, as when its credentials are configured: its buttons and
    # its "continue to Google" pages are checked too (nothing is fetched).
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "test", "secret": "test"}]},
        "microsoft": {"APPS": [{"client_id": "test", "secret": "test"}]},
    }
    council = CouncilFactory(
        name=pseudo("Testshire"),
        official_name=pseudo("Testshire Council"),
        region=pseudo("South East"),
    )
    member = UserFactory(
        profile__display_name=pseudo("Jo Bloggs"),
        profile__handle="jo-bloggs",
        profile__job_title=pseudo("Service designer"),
        profile__council=council,
        profile__bio=pseudo("Builds forms."),
    )
    staff = UserFactory(
        is_staff=True, profile__display_name=pseudo("Sam Staff"), profile__handle="sam"
    )
    world = SimpleNamespace(
        council=council,
        member=member,
        staff=staff,
        query=pseudo("forms"),
        # Names and content that may appear as they are (handles are ASCII by rule).
        # Language names are always written in their own language (the switcher, settings).
        allowed=(
            "zzzqqq",  # a search that finds nothing, shown back to the reader
            "jo-bloggs",
            "sam",
            council.code,
            council.gss_code,
            council.slug,
            "English",
            "Cymraeg",
        ),
    )
    # Part B's areas (blog, groups, standards, discussions, sharing, ...): tests/i18n/world_b.py
    build_part_b(world)
    build_rest(world)  # what the rest of the page types show (tests/i18n/pages_more.py)
    return world
