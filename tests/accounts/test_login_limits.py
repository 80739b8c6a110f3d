"""Brute-force protection that is not a lock-out button (issue 10, finding 9).

Failed sign-ins are limited per address and per account-and-address, so a stranger's wrong
passwords block only the stranger. Failures to one account from many addresses pause password
sign-in to it, and its owner still gets in with a code sent by email.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
TOO_MANY = b"Too many failed login attempts"


@pytest.fixture
def real_limits(settings):
    from hub.settings import base

    settings.ACCOUNT_RATE_LIMITS = dict(base.ACCOUNT_RATE_LIMITS)
    return settings.ACCOUNT_RATE_LIMITS


def _sign_in(address: str, email: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"login": email, "password": password}
    )


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out(real_limits):
    owner = UserFactory()
    answers = [_sign_in("203.0.113.9", owner.email, "guess") for _ in range(6)]
    assert TOO_MANY not in answers[0].content
    assert TOO_MANY in answers[-1].content  # the stranger is stopped...
    # ...even with the right password, from the stranger's address...
    assert TOO_MANY in _sign_in("203.0.113.9", owner.email, RIGHT).content
    # ...but the owner, from their own address, signs in at once.
    response = _sign_in("198.51.100.7", owner.email, RIGHT)
    assert response.status_code == 302, response.content[:2000]


def test_one_address_guessing_across_many_accounts_is_limited_per_address(real_limits):
    people = [UserFactory() for _ in range(11)]
    answers = [_sign_in("203.0.113.10", person.email, "guess") for person in people]
    assert TOO_MANY not in answers[0].content
    assert TOO_MANY in answers[-1].content  # 10 a minute per address


def test_an_attack_from_many_addresses_pauses_passwords_but_the_owner_gets_in_by_email(
    real_limits,
):
    real_limits["login_failed_account"] = "6/h/key"
    owner = UserFactory()
    for n in range(6):
        assert _sign_in(f"203.0.113.{20 + n}", owner.email, "guess").status_code == 200
    paused = _sign_in("198.51.100.7", owner.email, RIGHT)
    assert paused.status_code == 200 and b"password sign-in is paused" in paused.content
    # The owner asks for a sign-in code, which only they can read.
    owner_browser = Client(REMOTE_ADDR="198.51.100.7")
    response = owner_browser.post("/accounts/login/code/", {"email": owner.email})
    assert response.status_code == 302, response.content[:2000]
    [message] = mail.outbox
    assert message.to == [owner.email]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)
    response = owner_browser.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in owner_browser.session
    assert int(owner_browser.session["_auth_user_id"]) == owner.pk


def test_successful_sign_ins_do_not_count_towards_the_account_limit(real_limits):
    real_limits["login_failed_account"] = "2/h/key"
    owner = UserFactory()
    for _ in range(4):
        assert _sign_in("198.51.100.7", owner.email, RIGHT).status_code == 302
    assert settings.ACCOUNT_LOGIN_BY_CODE_ENABLED
