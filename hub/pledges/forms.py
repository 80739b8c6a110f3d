"""Forms for calls for backing and pledges. The range rules live in the services; these parse."""

from __future__ import annotations

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.councils.models import Nation
from hub.pledges.models import MAX_PLEDGE_DAYS, MAX_PLEDGE_POUNDS, MAX_TARGET_POUNDS


class WholeNumberField(forms.CharField):
    """A whole number, accepting how people type money: "£25,000", "25 000", "25000"."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})

    def clean(self, value):
        text = super().clean(value)
        cleaned = re.sub(r"[£,\s]", "", text or "")
        if not cleaned:
            return None
        if cleaned.startswith("-") and cleaned[1:].isdigit():
            raise forms.ValidationError(
                gettext("%(what)s must be a positive number") % {"what": self.what}
            )
        if not cleaned.isdigit():
            raise forms.ValidationError(
                gettext("%(what)s must be a whole number, like 5000") % {"what": self.what}
            )
        return int(cleaned)


class CallForm(forms.Form):
    target_pounds = WholeNumberField(
        what=_("The money target"), label=_("Money needed, in pounds (optional)"),
        help_text=format_lazy(_("Whole pounds, for example 40000. Up to £{maximum}."), maximum=f"{MAX_TARGET_POUNDS:,}"),
    )  # fmt: skip
    target_days = WholeNumberField(
        what=_("The staff days target"), label=_("Staff days needed (optional)"),
        help_text=_("Days of council staff time, for example 60. Give money, days or both."),
    )  # fmt: skip
    min_councils = WholeNumberField(
        what=_("The minimum number of councils"), label=_("Minimum number of councils (optional)"),
        help_text=_("Go ahead only if at least this many councils back it."),
    )  # fmt: skip
    deadline = forms.DateField(
        label=_("Deadline"),
        help_text=_(
            "Pledges can be made and changed until the end of this day, for example 2027-03-31."
        ),
        error_messages={
            "required": _("Enter the deadline"),
            "invalid": _("Enter the deadline as a date, like 2027-03-31"),
        },
    )
    backer_benefits = forms.CharField(
        label=_("What backers get"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("For example: a seat on the steering group, the code under an open licence."),
        error_messages={"required": _("Say what backers get")},
    )


class PledgeForm(forms.Form):
    amount_pounds = WholeNumberField(
        what=_("The amount"), label=_("Money, in pounds"),
        help_text=format_lazy(_("Whole pounds, up to £{maximum}."), maximum=f"{MAX_PLEDGE_POUNDS:,}"),
    )  # fmt: skip
    staff_days = WholeNumberField(
        what=_("Staff days"),
        label=_("Staff days"),
        help_text=format_lazy(_("Whole days, up to {maximum}."), maximum=f"{MAX_PLEDGE_DAYS:,}"),
    )
    conditions = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Conditions (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: subject to our digital board's approval in March."),
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        if call is not None and not call.target_pounds:
            del self.fields["amount_pounds"]
        if call is not None and not call.target_days:
            del self.fields["staff_days"]


class BackingFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("All services"), label=_("Service")
    )
    nation = forms.ChoiceField(
        choices=[("", _("All nations")), *Nation.choices], required=False, label=_("Nation")
    )

    def __init__(self, *args, **kwargs):
        from hub.sharing.models import ServiceTopic

        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServiceTopic.objects.order_by("name")
        self.fields["service"].to_field_name = "slug"
