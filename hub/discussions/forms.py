"""Forms for the no-JavaScript pages; the same services serve the WebSocket."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.discussions.models import Channel
from hub.groups.models import Membership, WorkingGroup


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You can use Markdown. Mention people with @handle."),
        strip=True,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.DISCUSSIONS_MAX_MESSAGE_CHARS
        # Oversized input is rejected with a message, never truncated.
        self.fields["body"].validators.append(_max_chars(limit))
        self.fields["body"].error_messages["required"] = gettext("Enter a message")


def _max_chars(limit: int):
    def validate(value: str) -> None:
        if len(value) > limit:
            raise forms.ValidationError(
                gettext("Messages must be %(limit)s characters or fewer (yours has %(len)s)")
                % {"limit": format(limit, ","), "len": format(len(value), ",")}
            )

    return validate


class EditMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(_max_chars(settings.DISCUSSIONS_MAX_MESSAGE_CHARS))
        self.fields["body"].error_messages["required"] = gettext("Enter a message")


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Channel name"), max_length=80)
    topic = forms.CharField(
        label=_("Topic"), max_length=250, required=False, help_text=_("One line: what is it for?")
    )
    kind = forms.ChoiceField(
        label=_("Who can take part"), choices=Channel.Kind.choices, widget=forms.RadioSelect,
        initial=Channel.Kind.PUBLIC,
    )  # fmt: skip
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("For a working-group channel: a group you are a member of."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.filter(
            memberships__user=user, memberships__state=Membership.State.ACTIVE
        ).distinct()
        self.fields["name"].error_messages["required"] = gettext("Enter a channel name")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Channel.Kind.GROUP and not data.get("group"):
            self.add_error("group", gettext("Choose the working group this channel is for"))
        return data


class ChannelSettingsForm(forms.Form):
    name = forms.CharField(label=_("Channel name"), max_length=80)
    topic = forms.CharField(label=_("Topic"), max_length=250, required=False)
    archived = forms.BooleanField(
        label=_("Archive this channel (people can read it but not post)"), required=False
    )


class InviteForm(forms.Form):
    handle = forms.CharField(label=_("Handle of the person to invite"), max_length=31)

    def clean_handle(self) -> str:
        from accounts.models import Profile

        handle = self.cleaned_data["handle"].strip().lstrip("@").lower()
        profile = Profile.objects.select_related("user").filter(handle=handle).first()
        if profile is None:
            raise forms.ValidationError(gettext("There is no member with that handle"))
        self.invitee = profile.user
        return handle


class KeepThreadForm(forms.Form):
    TARGETS = [
        ("blog", _("A draft blog post (you can edit it before publishing)")),
        ("standard", _("A comment on a standard")),
    ]
    target = forms.ChoiceField(
        label=_("Turn this thread into"), choices=TARGETS, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Blog post title"), max_length=200, required=False)
    standard_url = forms.CharField(
        label=_("Address of the standard section"),
        max_length=500,
        required=False,
        help_text=_(
            "Copy the link of the section you are commenting on, like /standards/bin-collection-data/v/2/#bin-days"
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("target") == "blog" and not data.get("title"):
            self.add_error("title", gettext("Enter a title for the blog post"))
        if data.get("target") == "standard" and not data.get("standard_url"):
            self.add_error("standard_url", gettext("Enter the address of the standard section"))
        return data
