"""Pledges a member made for their council. They are the council's commitments and stay
(as made by "a former member")."""

from accounts.lifecycle.registry import rows
from hub.pledges.models import Pledge


def export(user) -> dict:
    return {
        "pledges_made": rows(
            Pledge.objects.filter(pledged_by=user),
            "call__project__title",
            "council__name",
            "amount_pounds",
            "staff_days",
            "conditions",
            "state",
            "created_at",
        )
    }
