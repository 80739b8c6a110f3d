from django import forms

from hub.api.models import AREAS, SCOPES
from hub.api.services import EXPIRY_DAYS

SCOPE_CHOICES = [
    (f"{area}:{level}", f"{label}: {'read and write' if level == 'write' else 'read only'}")
    for area, label in AREAS.items()
    for level in ("read", "write")
]
assert [value for value, _ in SCOPE_CHOICES] == SCOPES


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text="So you can tell your tokens apart, like “Council website”."
    )
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="What the token may do. Give it only what the script needs.",
        error_messages={"required": "Choose at least one area the token may read or write."},
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(days, f"{days} days") for days in EXPIRY_DAYS],
        coerce=int,
        initial=90,
    )
