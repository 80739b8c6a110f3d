"""The adoption register says whose declarations rest on a verified link to the council, and
only the declarer, a verified member of that council or a convenor may withdraw or replace one."""

import pytest
from django.urls import reverse

from hub.standards import services
from hub.standards.models import Adoption
from hub.standards.selectors import latest_version
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adur():
    return CouncilFactory(name="Adur")


def _person(council, *, verified: bool):
    return UserFactory(profile__council=council, profile__council_verified=verified)


def _declare(standard, user, **kwargs):
    return services.adoption_declare(
        standard=standard, user=user, version=latest_version(standard), **kwargs
    )


def test_declaring_stays_open_and_records_whether_the_declarer_was_verified(standard, adur):
    self_declared = _declare(standard, _person(adur, verified=False))
    assert self_declared.declarer_verified is False
    other = _declare(standard, _person(CouncilFactory(name="Worthing"), verified=True))
    assert other.declarer_verified is True


def test_verification_is_frozen_at_declaration_time(standard, adur):
    declarer = _person(adur, verified=False)
    adoption = _declare(standard, declarer)
    declarer.profile.council_verified = True
    declarer.profile.save(update_fields=["council_verified"])
    adoption.refresh_from_db()
    assert adoption.declarer_verified is False


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("declarer", True),
        ("verified colleague", True),
        ("convenor", True),
        ("unverified colleague", False),
        ("verified member of another council", False),
        ("group editor", False),
        ("outsider", False),
    ],
)
def test_who_may_withdraw_a_declaration(client, standard, roles, adur, who, allowed):
    declarer = _person(adur, verified=False)
    adoption = _declare(standard, declarer)
    actor = {
        "declarer": declarer,
        "verified colleague": _person(adur, verified=True),
        "convenor": roles["convenor"],
        "unverified colleague": _person(adur, verified=False),
        "verified member of another council": _person(CouncilFactory(), verified=True),
        "group editor": roles["editor"],
        "outsider": roles["outsider"],
    }[who]
    client.force_login(actor)
    register = client.get(reverse("standards:adoptions", args=[standard.slug])).content.decode()
    withdraw_url = reverse("standards:adoption_withdraw", args=[standard.slug, adoption.pk])
    assert (withdraw_url in register) is allowed
    response = client.post(withdraw_url, {"reason": "We stopped"})
    adoption.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert adoption.withdrawn_at is not None and adoption.withdrawn_by == actor
    else:
        assert response.status_code == 403
        assert adoption.withdrawn_at is None
        with pytest.raises(services.NotAllowed, match="verified member"):
            services.adoption_withdraw(adoption=adoption, user=actor, reason="x")


def test_an_unverified_colleague_cannot_replace_a_declaration_either(standard, adur):
    original = _declare(standard, _person(adur, verified=True), kind="implementing")
    with pytest.raises(services.NotAllowed, match="already on the register"):
        _declare(standard, _person(adur, verified=False), kind="adopted")
    original.refresh_from_db()
    assert original.is_current and original.kind == "implementing"
    # A verified colleague may bring the register up to date.
    newer = _declare(standard, _person(adur, verified=True), kind="adopted")
    original.refresh_from_db()
    assert newer.is_current and original.withdrawn_at is not None


def test_register_page_refuses_a_replacement_with_a_clear_message(client, standard, adur):
    _declare(standard, _person(adur, verified=True))
    client.force_login(_person(adur, verified=False))
    response = client.post(
        reverse("standards:adoptions", args=[standard.slug]),
        {"version": str(latest_version(standard).pk), "kind": "adopted"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "Adur is already on the register" in html
    assert Adoption.objects.filter(standard=standard).count() == 1


def test_standard_page_and_register_tag_each_council(client, standard, adur):
    _declare(standard, _person(adur, verified=False))
    _declare(standard, _person(CouncilFactory(name="Worthing"), verified=True))
    page = client.get(standard.get_absolute_url()).content.decode()
    listing = page.split("data-adopting-councils", 1)[1].split("</ul>", 1)[0]
    adur_row = next(line for line in listing.split("<li>") if "Adur" in line)
    worthing_row = next(line for line in listing.split("<li>") if "Worthing" in line)
    assert "Self-declared" in adur_row and "Verified" not in adur_row
    assert "Verified" in worthing_row and "Self-declared" not in worthing_row
    assert "1 declared by a verified member" in page
    register = client.get(reverse("standards:adoptions", args=[standard.slug])).content.decode()
    table = register.split("data-register", 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr")
    assert "Self-declared" in next(r for r in rows if "Adur" in r)
    assert "data-adoption-verified" in next(r for r in rows if "Worthing" in r)
    assert "(self-declared)" in register.split("data-audit", 1)[1]
