from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    KEEP, REMOVE = "keep", "remove"

    content = forms.ChoiceField(
        label=_("What should happen to what you wrote?"),
        choices=[
            (KEEP, _('Keep it, shown as written by "a former member"')),
            (REMOVE, _("Remove it: posts, comments, messages, replies and updates")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what should happen to what you wrote.")},
    )
    confirm_email = forms.CharField(
        label=_("To confirm, type your email address"),
        max_length=254,
        error_messages={"required": _("Type your email address to confirm.")},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self) -> str:
        typed = self.cleaned_data["confirm_email"].strip().lower()
        if typed != self.user.email.lower():
            raise forms.ValidationError(
                _("That is not your account's email address. Type it exactly to confirm.")
            )
        return typed

    @property
    def remove_content(self) -> bool:
        return self.cleaned_data["content"] == self.REMOVE
