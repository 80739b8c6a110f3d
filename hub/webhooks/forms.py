from django import forms

from hub.notifications.kinds import registry
from hub.webhooks.models import ScopeType


def _kind_choices() -> list[tuple[str, str]]:
    return sorted((k.name, f"{k.name}: {k.label}") for k in registry().values())


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="Payload URL",
        max_length=500,
        assume_scheme="https",
        help_text="We POST signed JSON here. It must be a public https or http address.",
    )
    scope_type = forms.ChoiceField(label="What it watches", choices=ScopeType.choices)
    slug = forms.SlugField(
        label="Its short name",
        max_length=220,
        help_text="The last part of its address on the hub, e.g. waste-data for /groups/waste-data/.",
    )
    kinds = forms.MultipleChoiceField(
        label="Events",
        required=False,
        choices=_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive every kind of event.",
    )
