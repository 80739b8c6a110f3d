"""The community pages' filters: a date range (whole weeks) and a council."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from hub.community.panels import Filters
from hub.councils.models import Council

DEFAULT_WEEKS = 12
MAX_DAYS = 366


def _monday(day):
    return day - timedelta(days=day.weekday())


def _start_of(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _council_choices() -> list[tuple[str, str]]:
    # Plain (slug, name) pairs: building 400 model instances per page view showed in the bench.
    return [("", "All councils"), *Council.objects.order_by("name").values_list("slug", "name")]


class CouncilSelect(forms.Select):
    """A select of every council (about 400), rendered in one pass: Django's per-option template
    includes cost more than every dashboard query together (bench/dashboard.py)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == selected else "", label)
                for key, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html("<select{}>{}</select>", attrs, options)


class DashboardFilterForm(forms.Form):
    since = forms.DateField(
        required=False, label="From", help_text="For example, 2026-09-01. Counted from its Monday.",
        error_messages={"invalid": "Enter the start as a date, like 2026-09-01"},
    )  # fmt: skip
    until = forms.DateField(
        required=False, label="To", help_text="For example, 2026-11-30. Leave blank for today.",
        error_messages={"invalid": "Enter the end as a date, like 2026-11-30"},
    )  # fmt: skip
    council = forms.ChoiceField(
        choices=(),
        widget=CouncilSelect,
        required=False,
        error_messages={"invalid_choice": "Choose a council from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = _council_choices()  # once: the widget reads it twice

    def clean_council(self) -> Council | None:
        slug = self.cleaned_data.get("council")
        return Council.objects.filter(slug=slug).first() if slug else None

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        until = data.get("until") or today
        since = data.get("since") or until - timedelta(weeks=DEFAULT_WEEKS - 1)
        if since > until:
            raise forms.ValidationError("The start must be before the end")
        if (until - since).days > MAX_DAYS:
            raise forms.ValidationError("Choose a range of a year or less")
        data["since"], data["until"] = since, until
        return data

    def filters(self) -> Filters:
        """The filters to apply: the form's when valid, otherwise the last twelve weeks."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        until = data.get("until") or today
        since = data.get("since") or until - timedelta(weeks=DEFAULT_WEEKS - 1)
        return Filters(
            since=_start_of(_monday(since)),
            until=_start_of(until + timedelta(days=1)),
            council=data.get("council"),
        )
