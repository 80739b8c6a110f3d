"""Forms for standards. Validation that matters lives in services; forms check shape."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core import content_language
from hub.sharing.forms import ServiceTopicField
from hub.standards.models import Adoption, Licence, PartKind, Status

TEXTAREA_MAX = 10_000


class StandardForm(forms.Form):
    title = forms.CharField(max_length=150, label=_("Title"))
    summary = forms.CharField(
        max_length=2000,
        label=_("Summary"),
        help_text=_("One or two sentences: what the standard covers and who it is for."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = content_language.form_field()
    licence = forms.ChoiceField(
        choices=Licence.choices, initial=Licence.OGL_3, label=_("Licence"), widget=forms.RadioSelect
    )
    services = ServiceTopicField(
        help_text=_("Which council services does the standard apply to? Choose all that apply.")
    )


class DraftForm(forms.Form):
    body = forms.CharField(
        required=False,
        label=_("Draft"),
        help_text=(
            _(
                "Markdown. Start sections with headings (## Bin days). To fix a section's anchor "
                "so links to it never change, end the heading with {#bin-days}."
            )
        ),
        widget=forms.Textarea(attrs={"rows": 25, "spellcheck": "true"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PublishForm(forms.Form):
    bump = forms.ChoiceField(
        label=_("What kind of version is this?"),
        choices=[
            ("minor", _("Minor: corrections and clarifications (0.1 to 0.2)")),
            ("major", _("Major: changes councils must act on (0.2 to 1.0)")),
        ],
        initial="minor",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        required=False,
        label=_("What changed"),
        help_text=_("Shown with the version and in the feed."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm_breaking = forms.BooleanField(
        required=False,
        label=_("Publish as a minor version even though the schema changes are breaking"),
    )

    def __init__(self, *args, current: str = "", next_minor: str = "", next_major: str = "", **kw):
        super().__init__(*args, **kw)
        if next_minor and next_major:
            start = (
                gettext("%(current)s to ") % {"current": current}
                if current
                else gettext("first version: ")
            )
            self.fields["bump"].choices = [
                (
                    "minor",
                    gettext("Minor: corrections and clarifications (%(start)s%(next_minor)s)")
                    % {"start": start, "next_minor": next_minor},
                ),
                (
                    "major",
                    gettext("Major: changes councils must act on (%(start)s%(next_major)s)")
                    % {"start": start, "next_major": next_major},
                ),
            ]

    def clean_notes(self) -> str:
        notes = self.cleaned_data["notes"]
        if len(notes) > 5000:
            raise forms.ValidationError(
                gettext("Describe the changes in 5,000 characters or fewer; you wrote %(len)s.")
                % {"len": format(len(notes), ",")}
            )
        return notes


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    closes_on = forms.DateField(
        required=False,
        label=_("Consultation closing date"),
        help_text=_(
            "Only for a consultation. It closes at the end of this day, for example 2027-03-31."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Why"),
        help_text=_("Shown in the standard's history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["to_status"].choices = [(s, labels[s]) for s in allowed]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) > 2000:
            raise forms.ValidationError(
                gettext("Give the reason in 2,000 characters or fewer; you wrote %(len)s.")
                % {"len": format(len(reason), ",")}
            )
        return reason

    def clean(self):
        data = super().clean()
        if data.get("to_status") == Status.CONSULTATION:
            closes_on = data.get("closes_on")
            if not closes_on:
                self.add_error("closes_on", gettext("Enter the date the consultation closes."))
            elif closes_on <= timezone.localdate():
                self.add_error("closes_on", gettext("The closing date must be after today."))
        return data

    def closes_at(self):
        closes_on = self.cleaned_data.get("closes_on")
        if not closes_on or self.cleaned_data.get("to_status") != Status.CONSULTATION:
            return None
        return timezone.make_aware(datetime.datetime.combine(closes_on, datetime.time(23, 59)))


def _long_text(value: str, what: str) -> str:
    value = value.strip()
    if len(value) > TEXTAREA_MAX:
        raise forms.ValidationError(
            gettext("Your %(what)s must be %(TEXTAREA_MAX)s characters or fewer; it has %(len)s.")
            % {
                "what": what,
                "TEXTAREA_MAX": format(TEXTAREA_MAX, ","),
                "len": format(len(value), ","),
            }
        )
    return value


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        help_text=_("Markdown. Say what should change and why; suggest wording if you can."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter your comment.")},
    )

    def clean_body(self) -> str:
        return _long_text(self.cleaned_data["body"], "comment")


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter your reply.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        return _long_text(self.cleaned_data["body"], "reply")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept: the text will change")),
            ("reject", _("Reject: the text stays as it is")),
            ("defer", _("Defer: consider it for a later version")),
            ("resolve", _("Resolve: answered, no change needed")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    response = forms.CharField(
        label=_("The editors' response"),
        help_text=_("Published in the consultation response document."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the editors' response.")},
    )

    def clean_response(self) -> str:
        return _long_text(self.cleaned_data["response"], "response")


class AnchorForm(forms.Form):
    anchor = forms.ChoiceField(label=_("Paragraph or section"))

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [(b.anchor, f"#{b.anchor}: {b.text[:70]}") for b in blocks]


class AdoptionForm(forms.Form):
    version = forms.ChoiceField(label=_("Version"))
    kind = forms.ChoiceField(
        label=_("Your council has"),
        choices=[
            (Adoption.Kind.ADOPTED, _("Adopted this version")),
            (Adoption.Kind.IMPLEMENTING, _("Started implementing this version")),
        ],
        initial=Adoption.Kind.ADOPTED,
        widget=forms.RadioSelect,
    )
    evidence_url = forms.URLField(
        required=False,
        max_length=500,
        label=_("Evidence link (optional)"),
        help_text=_("For example a page or dataset that follows the standard."),
    )
    endpoint_url = forms.URLField(
        required=False,
        max_length=500,
        label=_("Live endpoint or data address (optional)"),
        help_text=_(
            "The hub checks it every day against the version you declare, and the "
            "register shows whether it conforms."
        ),
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(str(v.pk), v.number) for v in versions]
        if versions:
            self.fields["version"].initial = str(versions[0].pk)


class WithdrawAdoptionForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Why is this being withdrawn?"))


class SchemaPartForm(forms.Form):
    name = forms.SlugField(
        max_length=60,
        label=_("Name"),
        help_text=_(
            "Letters, numbers and hyphens. The data schema is usually called “schema”; "
            "it is downloaded as schema.json."
        ),
    )
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=PartKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("JSON"),
        strip=False,
        # JSON: code, never translated (by browsers either).
        widget=forms.Textarea(
            attrs={"rows": 24, "spellcheck": "false", "translate": "no", "class": "hub-code"}
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ValidateForm(forms.Form):
    target = forms.ChoiceField(label=_("Check against"))
    text = forms.CharField(
        required=False,
        strip=False,
        label=_("Paste JSON"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "hub-code"}),
    )
    file = forms.FileField(required=False, label=_("Or upload a JSON file"))
    url = forms.CharField(
        required=False,
        max_length=500,
        label=_("Or give a web address"),
        help_text=_("The hub fetches it once (public addresses only)."),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.key, t.label) for t in targets]
        if targets:
            self.fields["target"].initial = targets[0].key

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(
                gettext("Paste JSON, choose a file or give a web address: one of the three.")
            )
        return data


class EndpointForm(forms.Form):
    url = forms.URLField(required=False, max_length=500, label=_("Live endpoint or data address"))
