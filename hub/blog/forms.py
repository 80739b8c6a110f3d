from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from hub.blog.models import BODY_MAX, COMMENT_MAX, SUMMARY_MAX, TITLE_MAX, SyndicatedFeed
from hub.core import content_language
from hub.core.widgets import Chooser
from hub.councils.models import Council
from hub.sharing.forms import ServiceTopicField


class PostForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, error_messages={"required": _("Enter a title.")}
    )
    summary = forms.CharField(
        label=_("Summary (optional)"),
        help_text=_("One or two sentences shown in lists and feeds."),
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("Post"),
        help_text=_("Markdown: # headings, **bold**, [links](https://…), lists, tables and code."),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    language = content_language.form_field()
    tags = TagField(
        label=_("Tags (optional)"),
        required=False,
        help_text=_("Comma-separated, like: bins, forms"),
    )
    councils = forms.ModelMultipleChoiceField(
        label=_("Councils (optional)"),
        queryset=Council.objects.only("name").order_by("name"),
        required=False,
        help_text=_("Councils this post is about. Choose all that apply."),
        widget=Chooser(add_label=_("Find a council to add")),
    )
    services = ServiceTopicField(
        label=_("Services (optional)"),
        help_text=_("Local-government services this post is about. Choose all that apply."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at (optional)"),
        help_text=_(
            "Leave empty to publish now. A future date and time schedules the post, "
            "for example 2026-03-01 09:00."
        ),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if any(len(tag) > 100 for tag in tags):
            raise forms.ValidationError(gettext("Each tag must be 100 characters or fewer."))
        if len(tags) > 20:
            raise forms.ValidationError(gettext("Use 20 tags or fewer."))
        return tags


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        help_text=_("Markdown is allowed. Be kind: other practitioners are sharing their work."),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter a comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FeedForm(forms.ModelForm):
    class Meta:
        model = SyndicatedFeed
        fields = ["url"]
        help_texts = {
            "url": _(
                "The RSS or Atom feed of your own blog, for example "
                "https://example.blogspot.com/feeds/posts/default"
            )
        }
