from django import forms

from hub.moderation.services import FLAG_REASON_MAX, NOTE_MAX


class FlagForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?",
        help_text="For example: it is abusive, it is spam, it shares personal data.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FLAG_REASON_MAX,
        error_messages={"required": "Say what is wrong with it."},
    )


class DecisionForm(forms.Form):
    ACTIONS = [("hide", "Hide"), ("restore", "Restore"), ("dismiss", "Dismiss flags")]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note",
        help_text="Why you took this decision. The author can ask moderators about it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        error_messages={"required": "Add a note saying why."},
    )
