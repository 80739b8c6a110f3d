"""Forms for working groups."""

from django import forms

from hub.groups.models import Membership, WorkingGroup


class GroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "purpose", "visibility", "join_policy", "consultation_members_only"]
        labels = {"name": "Group name", "purpose": "What the group is for"}
        help_texts = {"purpose": "Markdown. Say what the group will agree and who should join."}
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the group's name.")
        return name


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, label="Role")
