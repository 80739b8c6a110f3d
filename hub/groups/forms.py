"""Forms for working groups."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from hub.groups.models import Membership, WorkingGroup
from hub.sharing.forms import ServiceTopicField


class GroupForm(forms.ModelForm):
    services = ServiceTopicField(
        help_text=_("Which council services does the group's work cover? Choose all that apply.")
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "purpose",
            "visibility",
            "join_policy",
            "consultation_members_only",
            "services",
        ]
        labels = {
            "name": _("Group name"),
            "purpose": _("What the group is for"),
            "visibility": _("Visibility"),
            "join_policy": _("Join policy"),
        }
        help_texts = {"purpose": _("Markdown. Say what the group will agree and who should join.")}
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(gettext("Enter the group's name."))
        return name


class AddMemberForm(forms.Form):
    """A convenor names someone by their hub handle. The service re-checks every rule."""

    handle = forms.CharField(
        label=_("Their handle"),
        help_text=_("The name in their profile address, like jane-smith for /people/jane-smith/."),
        max_length=31,  # handles are at most 30 characters, plus an optional leading @
        error_messages={
            "required": _("Enter the handle of the person to add"),
            "max_length": _("Handles are 30 characters or fewer"),
        },
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the role they will have")},
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.person = None

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().removeprefix("@").lower()
        profile = (
            Profile.objects.select_related("user")
            .filter(handle=handle, user__is_active=True)
            .first()
        )
        if profile is None:
            raise forms.ValidationError(
                gettext("There is no one on the hub with the handle %(handle)s")
                % {"handle": handle}
            )
        if Membership.objects.filter(
            group=self.group, user=profile.user, state=Membership.State.ACTIVE
        ).exists():
            raise forms.ValidationError(
                gettext("%(user)s is already a member of this group") % {"user": profile.user}
            )
        self.person = profile.user
        return handle


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, label=_("Role"))
