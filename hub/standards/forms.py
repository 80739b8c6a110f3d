"""Forms for standards. Validation that matters lives in services; forms check shape."""

import datetime

from django import forms
from django.utils import timezone

from hub.core import content_language
from hub.sharing.forms import ServiceTopicField
from hub.standards.models import Adoption, Licence, PartKind, Status

TEXTAREA_MAX = 10_000


class StandardForm(forms.Form):
    title = forms.CharField(max_length=150, label="Title")
    summary = forms.CharField(
        max_length=2000,
        label="Summary",
        help_text="One or two sentences: what the standard covers and who it is for.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = content_language.form_field()
    licence = forms.ChoiceField(
        choices=Licence.choices, initial=Licence.OGL_3, label="Licence", widget=forms.RadioSelect
    )
    services = ServiceTopicField(
        help_text="Which council services does the standard apply to? Choose all that apply."
    )


class DraftForm(forms.Form):
    body = forms.CharField(
        required=False,
        label="Draft",
        help_text=(
            "Markdown. Start sections with headings (## Bin days). To fix a section's anchor "
            "so links to it never change, end the heading with {#bin-days}."
        ),
        widget=forms.Textarea(attrs={"rows": 25, "spellcheck": "true"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PublishForm(forms.Form):
    bump = forms.ChoiceField(
        label="What kind of version is this?",
        choices=[
            ("minor", "Minor: corrections and clarifications (0.1 to 0.2)"),
            ("major", "Major: changes councils must act on (0.2 to 1.0)"),
        ],
        initial="minor",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        required=False,
        label="What changed",
        help_text="Shown with the version and in the feed.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm_breaking = forms.BooleanField(
        required=False,
        label="Publish as a minor version even though the schema changes are breaking",
    )

    def __init__(self, *args, current: str = "", next_minor: str = "", next_major: str = "", **kw):
        super().__init__(*args, **kw)
        if next_minor and next_major:
            start = f"{current} to " if current else "first version: "
            self.fields["bump"].choices = [
                ("minor", f"Minor: corrections and clarifications ({start}{next_minor})"),
                ("major", f"Major: changes councils must act on ({start}{next_major})"),
            ]

    def clean_notes(self) -> str:
        notes = self.cleaned_data["notes"]
        if len(notes) > 5000:
            raise forms.ValidationError(
                f"Describe the changes in 5,000 characters or fewer; you wrote {len(notes):,}."
            )
        return notes


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    closes_on = forms.DateField(
        required=False,
        label="Consultation closing date",
        help_text="Only for a consultation. It closes at the end of this day, for example 2027-03-31.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Why",
        help_text="Shown in the standard's history.",
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
                f"Give the reason in 2,000 characters or fewer; you wrote {len(reason):,}."
            )
        return reason

    def clean(self):
        data = super().clean()
        if data.get("to_status") == Status.CONSULTATION:
            closes_on = data.get("closes_on")
            if not closes_on:
                self.add_error("closes_on", "Enter the date the consultation closes.")
            elif closes_on <= timezone.localdate():
                self.add_error("closes_on", "The closing date must be after today.")
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
            f"Your {what} must be {TEXTAREA_MAX:,} characters or fewer; it has {len(value):,}."
        )
    return value


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        help_text="Markdown. Say what should change and why; suggest wording if you can.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your comment."},
    )

    def clean_body(self) -> str:
        return _long_text(self.cleaned_data["body"], "comment")


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your reply."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self) -> str:
        return _long_text(self.cleaned_data["body"], "reply")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("accept", "Accept: the text will change"),
            ("reject", "Reject: the text stays as it is"),
            ("defer", "Defer: consider it for a later version"),
            ("resolve", "Resolve: answered, no change needed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    response = forms.CharField(
        label="The editors' response",
        help_text="Published in the consultation response document.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the editors' response."},
    )

    def clean_response(self) -> str:
        return _long_text(self.cleaned_data["response"], "response")


class AnchorForm(forms.Form):
    anchor = forms.ChoiceField(label="Paragraph or section")

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [(b.anchor, f"#{b.anchor}: {b.text[:70]}") for b in blocks]


class AdoptionForm(forms.Form):
    version = forms.ChoiceField(label="Version")
    kind = forms.ChoiceField(
        label="Your council has",
        choices=[
            (Adoption.Kind.ADOPTED, "Adopted this version"),
            (Adoption.Kind.IMPLEMENTING, "Started implementing this version"),
        ],
        initial=Adoption.Kind.ADOPTED,
        widget=forms.RadioSelect,
    )
    evidence_url = forms.URLField(
        required=False,
        max_length=500,
        label="Evidence link (optional)",
        help_text="For example a page or dataset that follows the standard.",
    )
    endpoint_url = forms.URLField(
        required=False,
        max_length=500,
        label="Live endpoint or data address (optional)",
        help_text="The hub checks it every day against the version you declare, and the "
        "register shows whether it conforms.",
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(str(v.pk), v.number) for v in versions]
        if versions:
            self.fields["version"].initial = str(versions[0].pk)


class WithdrawAdoptionForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why is this being withdrawn?")


class SchemaPartForm(forms.Form):
    name = forms.SlugField(
        max_length=60,
        label="Name",
        help_text="Letters, numbers and hyphens. The data schema is usually called “schema”; "
        "it is downloaded as schema.json.",
    )
    kind = forms.ChoiceField(
        label="What is it?", choices=PartKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="JSON",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "hub-code"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ValidateForm(forms.Form):
    target = forms.ChoiceField(label="Check against")
    text = forms.CharField(
        required=False,
        strip=False,
        label="Paste JSON",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "hub-code"}),
    )
    file = forms.FileField(required=False, label="Or upload a JSON file")
    url = forms.CharField(
        required=False,
        max_length=500,
        label="Or give a web address",
        help_text="The hub fetches it once (public addresses only).",
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
                "Paste JSON, choose a file or give a web address: one of the three."
            )
        return data


class EndpointForm(forms.Form):
    url = forms.URLField(required=False, max_length=500, label="Live endpoint or data address")
