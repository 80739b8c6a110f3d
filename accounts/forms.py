"""Profile editing and the people directory filters."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from hub.councils.models import Council

MAX_INTERESTS = 20
MAX_INTEREST_LENGTH = 50


class CouncilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, council: Council) -> str:
        return council.name


class ProfileForm(forms.ModelForm):
    """Everything a practitioner controls on their public profile."""

    council = CouncilChoiceField(
        queryset=Council.objects.filter(end_date__isnull=True).order_by("name"),
        required=False,
        label=_("Council"),
        empty_label=_("Not working for a council"),
        help_text=_(
            "Shown as verified when your verified email address is on the council's domain."
        ),
    )
    interests = forms.CharField(
        required=False,
        max_length=1000,
        label=_("Interests"),
        help_text=_("Separate with commas, like: bin collections, forms, open data"),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name", "handle", "job_title", "council", "bio", "interests",
            "website", "github", "mastodon", "linkedin",
        ]  # fmt: skip
        labels = {
            "display_name": _("Your name"),
            "handle": _("Handle"),
            "job_title": _("Job title"),
            "bio": _("About you"),
            "website": _("Website"),
            "github": _("GitHub username"),
            "mastodon": _("Mastodon address"),
            "linkedin": _("LinkedIn profile URL"),
        }
        help_texts = {
            "display_name": _("How other members see you."),
            "bio": _("Markdown is supported. Up to 5,000 characters."),
            "mastodon": _("Like @name@social.example"),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["handle"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["interests"] = ", ".join(self.instance.interests.names())

    def clean_handle(self) -> str:
        handle = (self.cleaned_data.get("handle") or "").strip().lower()
        clash = Profile.objects.filter(handle=handle).exclude(pk=self.instance.pk)
        if handle and clash.exists():
            raise ValidationError(_("That handle is taken. Choose another one."))
        return handle

    def clean_github(self) -> str:
        value = self.cleaned_data.get("github", "").strip().removeprefix("@")
        if value and not all(ch.isalnum() or ch == "-" for ch in value):
            raise ValidationError(_("Enter a GitHub username, like octocat."))
        return value

    def clean_interests(self) -> list[str]:
        raw = self.cleaned_data.get("interests", "")
        names = []
        for part in raw.split(","):
            name = " ".join(part.split()).lower()
            if not name:
                continue
            if len(name) > MAX_INTEREST_LENGTH:
                raise ValidationError(
                    _("Each interest must be %(limit)s characters or fewer.")
                    % {"limit": MAX_INTEREST_LENGTH}
                )
            if name not in names:
                names.append(name)
        if len(names) > MAX_INTERESTS:
            raise ValidationError(_("Choose up to %(limit)s interests.") % {"limit": MAX_INTERESTS})
        return names


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or job title"), required=False, max_length=100)
    council = forms.ModelChoiceField(
        queryset=Council.objects.filter(end_date__isnull=True).order_by("name"),
        required=False,
        to_field_name="slug",
        label=_("Council"),
        empty_label=_("All councils"),
    )
    interest = forms.CharField(label=_("Interest"), required=False, max_length=MAX_INTEREST_LENGTH)


class LanguageForm(forms.Form):
    """The member's interface and email language (also set by the header's switcher)."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("The hub's pages and the emails it sends you."),
    )
