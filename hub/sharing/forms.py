"""Forms for shared work, and ``ServiceTopicField`` for any app that tags content with services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from hub.core.widgets import Chooser
from hub.councils.models import Council
from hub.sharing import uploads
from hub.sharing.models import ArtefactKind, Licence, Phase, ServiceTopic


class ServiceTopicField(forms.ModelMultipleChoiceField):
    """Choose the services a piece of content is about: GOV.UK checkboxes with a search
    (``hub.core.widgets.Chooser``).

    Usage in another app's form::

        services = ServiceTopicField()

    and save with ``instance.services.set(form.cleaned_data["services"])``.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ServiceTopic.objects.order_by("name"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Services"))
        kwargs.setdefault(
            "help_text", _("Which council services is this about? Choose all that apply.")
        )
        # The full LGSL is 942 services: checkboxes to search in, not a Ctrl-click list.
        kwargs.setdefault("widget", Chooser(add_label=_("Find a service to add")))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: ServiceTopic) -> str:
        return obj.name


class _TagsMixin(forms.Form):
    tags = TagField(
        required=False,
        label=_("Tags"),
        help_text=_("Comma-separated, like: forms, open source, Drupal"),
    )

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data.get("tags") or []
        if len(tags) > 15:
            raise forms.ValidationError(gettext("Use 15 tags or fewer."))
        for tag in tags:
            if len(tag) > 50:
                raise forms.ValidationError(gettext("Each tag must be 50 characters or fewer."))
        return tags


class ProjectForm(_TagsMixin):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": _("Enter the project's name")},
        label=_("Project name"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        label=_("Summary"),
        error_messages={"required": _("Enter a summary of the project")},
        help_text=_("What problem are you solving, for whom, and what have you learned? Markdown."),
    )
    phase = forms.ChoiceField(
        choices=Phase.choices,
        widget=forms.RadioSelect,
        initial=Phase.DISCOVERY,
        label=_("Phase"),
        help_text=_("Where the work is now, in the GDS service phases."),
    )
    phase_since = forms.DateField(
        required=False,
        label=_("In this phase since"),
        help_text=_("For example, 2026-03-01. Leave blank for today."),
    )
    started_on = forms.DateField(
        required=False, label=_("Started on"), help_text=_("For example, 2025-09-15.")
    )
    collaboration_welcome = forms.BooleanField(
        required=False, initial=True, label=_("Other councils are welcome to collaborate")
    )
    services = ServiceTopicField()

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # Phase has its own form with a history; editing never rewrites it silently.
            del self.fields["phase"]
            del self.fields["phase_since"]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        choices=Phase.choices, widget=forms.RadioSelect, label=_("New phase"),
        error_messages={"required": _("Choose the phase the project is moving to")},
    )  # fmt: skip
    changed_on = forms.DateField(
        required=False,
        label=_("Date of the change"),
        help_text=_("For example, 2026-05-01. Leave blank for today."),
    )
    note = forms.CharField(
        required=False, max_length=500, label=_("What happened (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ProjectUpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Post a status update"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": _("Enter the update")},
        help_text=_("Markdown. Everyone watching the project is told."),
    )


class CollaborationForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        label=_("What could your council bring? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ArtefactForm(_TagsMixin):
    title = forms.CharField(
        max_length=200, label=_("Title"), error_messages={"required": _("Enter a title")}
    )
    kind = forms.ChoiceField(
        choices=ArtefactKind.choices, widget=forms.RadioSelect, label=_("What is it?"),
        error_messages={"required": _("Choose what kind of artefact it is")},
    )  # fmt: skip
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        label=_("Description"),
        error_messages={"required": _("Enter a description")},
        help_text=_("What it is, how you used it, what others should know. Markdown."),
    )
    file = forms.FileField(
        required=False,
        label=_("Upload a file"),
        help_text="",  # set in __init__ with the limits
    )
    url = forms.URLField(
        required=False,
        max_length=500,
        label=_("Web address"),
        help_text=_(
            "For links, code repositories and published data sets, e.g. https://github.com/…"
        ),
    )
    licence = forms.ChoiceField(
        choices=Licence.choices, widget=forms.RadioSelect, initial=Licence.OGL3, label=_("Licence"),
        help_text=_("How others may reuse it. Choose “Ask us” if you are not sure."),
    )  # fmt: skip
    published_on = forms.DateField(
        required=False,
        label=_("Date"),
        help_text=_("When it was made or published, e.g. 2026-02-14."),
    )
    councils = forms.ModelMultipleChoiceField(
        queryset=Council.objects.none(),
        required=False,
        label=_("Other contributing councils"),
        help_text=_("Choose any that worked on it with you. Your council is always included."),
        widget=Chooser(add_label=_("Find a council to add")),
    )
    services = ServiceTopicField()

    def __init__(self, *args, raw_file_name: str | None = None, upload_too_large: bool = False,
                 has_file: bool = False, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.raw_file_name = raw_file_name
        self.upload_too_large = upload_too_large
        self.has_file = has_file
        self.checked_upload: uploads.CheckedUpload | None = None
        self.fields["councils"].queryset = Council.objects.filter(end_date__isnull=True).order_by(
            "name"
        )
        self.fields["file"].help_text = gettext(
            "Up to %(human_size)s. Accepted: %(allowed_extensions_text)s."
        ) % {
            "human_size": uploads.human_size(settings.UPLOAD_MAX_BYTES),
            "allowed_extensions_text": uploads.allowed_extensions_text(),
        } + (gettext(" Uploading a new file replaces the current one.") if has_file else "")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if self.upload_too_large:
            raise forms.ValidationError(
                gettext("The file must be smaller than %(human_size)s.")
                % {"human_size": uploads.human_size(settings.UPLOAD_MAX_BYTES)}
            )
        if file is None:
            if self.raw_file_name:  # the browser sent a name Django refused outright (e.g. "..")
                try:
                    uploads.check_name(self.raw_file_name)
                except uploads.UploadRejected as error:
                    raise forms.ValidationError(str(error)) from error
            return None
        try:
            self.checked_upload = uploads.check_upload(file, name=self.raw_file_name or file.name)
        except uploads.UploadRejected as error:
            raise forms.ValidationError(str(error)) from error
        return file

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        has_upload = self.checked_upload is not None or self.has_file
        if kind == ArtefactKind.DOCUMENT and not has_upload and "file" not in self.errors:
            self.add_error("file", gettext("Upload the document"))
        if (
            kind in {ArtefactKind.LINK, ArtefactKind.CODE}
            and not data.get("url")
            and "url" not in self.errors
        ):
            self.add_error("url", gettext("Enter the web address"))
        if kind and not has_upload and not data.get("url") and not self.errors:
            self.add_error("file", gettext("Upload a file or enter a web address"))
        return data


class ProjectFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search projects"))
    tag = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    phase = forms.ChoiceField(
        required=False, label=_("Phase"), choices=[("", _("Any phase")), *Phase.choices]
    )
    service = forms.ModelChoiceField(
        required=False, queryset=ServiceTopic.objects.order_by("name"), to_field_name="slug",
        empty_label=_("Any service"), label=_("Service"),
    )  # fmt: skip


class ArtefactFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search artefacts"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *ArtefactKind.choices]
    )
    service = forms.ModelChoiceField(
        required=False, queryset=ServiceTopic.objects.order_by("name"), to_field_name="slug",
        empty_label=_("Any service"), label=_("Service"),
    )  # fmt: skip
