from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from hub.api.models import AREAS, SCOPES
from hub.api.services import EXPIRY_DAYS

SCOPE_CHOICES = [
    (
        f"{area}:{level}",
        format_lazy(
            "{label}: {level}",
            label=label,
            level=gettext_lazy("read and write") if level == "write" else gettext_lazy("read only"),
        ),
    )
    for area, label in AREAS.items()
    for level in ("read", "write")
]
assert [value for value, _ in SCOPE_CHOICES] == SCOPES


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("So you can tell your tokens apart, like “Council website”."),
    )
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Scopes"),
        help_text=gettext_lazy("What the token may do. Give it only what the script needs."),
        error_messages={
            "required": gettext_lazy("Choose at least one area the token may read or write.")
        },
    )
    expires_in_days = forms.TypedChoiceField(
        label=gettext_lazy("Expires after"),
        choices=[
            (days, format_lazy(gettext_lazy("{days} days"), days=days)) for days in EXPIRY_DAYS
        ],
        coerce=int,
        initial=90,
    )
