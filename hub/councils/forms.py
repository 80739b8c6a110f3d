from django import forms

from hub.councils.models import CouncilType, Nation


class CouncilFilterForm(forms.Form):
    q = forms.CharField(label="Council name", required=False, max_length=100)
    nation = forms.ChoiceField(
        label="Nation", required=False, choices=[("", "All nations"), *Nation.choices]
    )
    council_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *CouncilType.choices]
    )
