"""Working-group membership lives in hub.groups; channel access follows it on open sockets."""

from functools import partial

from django.db import transaction

from hub.discussions import events


def group_membership_changed(sender, instance, **kwargs) -> None:
    """After commit, make the member's sockets re-check the channels they follow."""
    transaction.on_commit(partial(events.broadcast_membership_changed, instance.user_id))
