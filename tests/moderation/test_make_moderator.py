"""The first moderator is made from the command line."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_make_moderator_grants_and_removes(capsys):
    user = UserFactory(email="mod@example.org")
    assert not user.is_moderator
    call_command("make_moderator", "MOD@example.org")
    assert "is now a moderator" in capsys.readouterr().out
    user = type(user).objects.get(pk=user.pk)
    assert user.is_moderator
    call_command("make_moderator", "mod@example.org")
    assert "was already a moderator" in capsys.readouterr().out
    call_command("make_moderator", "mod@example.org", "--remove")
    assert not type(user).objects.get(pk=user.pk).is_moderator


def test_make_moderator_refuses_unknown_people_and_changes_nothing():
    user = UserFactory(email="known@example.org")
    with pytest.raises(CommandError, match=r"No member signs in with nobody@example\.org"):
        call_command("make_moderator", "known@example.org", "nobody@example.org")
    assert not type(user).objects.get(pk=user.pk).is_moderator


def test_make_moderator_help_says_what_it_does(capsys):
    with pytest.raises(SystemExit):
        call_command("make_moderator", "--help")
    assert "moderation" in capsys.readouterr().out
