from django import forms
from django.utils.translation import gettext_lazy as _

from hub.moderation.services import FLAG_REASON_MAX, NOTE_MAX


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        help_text=_("For example: it is abusive, it is spam, it shares personal data."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FLAG_REASON_MAX,
        error_messages={"required": _("Say what is wrong with it.")},
    )


class DecisionForm(forms.Form):
    ACTIONS = [("hide", _("Hide")), ("restore", _("Restore")), ("dismiss", _("Dismiss flags"))]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Why you took this decision. The author can ask moderators about it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        error_messages={"required": _("Add a note saying why.")},
    )
