from django import forms
from django.utils.translation import gettext_lazy as _

from hub.notifications.kinds import registry
from hub.webhooks.models import ScopeType


def _kind_choices() -> list[tuple[str, str]]:
    return sorted((k.name, f"{k.name}: {k.label}") for k in registry().values())


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Payload URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("We POST signed JSON here. It must be a public https or http address."),
    )
    scope_type = forms.ChoiceField(label=_("What it watches"), choices=ScopeType.choices)
    slug = forms.SlugField(
        label=_("Its short name"),
        max_length=220,
        help_text=_(
            "The last part of its address on the hub, e.g. waste-data for /groups/waste-data/."
        ),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        choices=_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to receive every kind of event."),
    )
