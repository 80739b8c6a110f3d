from django import forms
from django.utils.translation import gettext_lazy as _

from hub.councils.models import CouncilType, Nation


class CouncilFilterForm(forms.Form):
    q = forms.CharField(label=_("Council name"), required=False, max_length=100)
    nation = forms.ChoiceField(
        label=_("Nation"), required=False, choices=[("", _("All nations")), *Nation.choices]
    )
    council_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *CouncilType.choices]
    )
