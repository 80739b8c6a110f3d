"""The community pages' filters: a date range (whole weeks) and a council."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.community.panels import Filters
from hub.councils import selectors as councils
from hub.councils.models import Council

DEFAULT_WEEKS = 12
MAX_DAYS = 366


def _monday(day):
    return day - timedelta(days=day.weekday())


def _start_of(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@lru_cache(maxsize=4)
def _council_options(choices: tuple[tuple[str, str], ...]) -> str:
    """Every council as an ``<option>``, escaped once per list of councils, not per view."""
    return "".join(
        f'<option value="{escape(slug)}">{escape(name)}</option>' for slug, name in choices
    )


class CouncilSelect(forms.Select):
    """A select of every council in the register (about 400), read from the councils app's
    cached list when drawn. Django's per-option templates cost more than every dashboard query
    together, and even escaping 400 names per view showed in bench/dashboard.py."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        options = _council_options(tuple(councils.council_choices()))
        if value:
            chosen = f'<option value="{escape(str(value))}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        everyone = escape(gettext("All councils"))
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return format_html(
            '<select{}><option value="">{}</option>{}</select>',
            attrs,
            everyone,
            mark_safe(options),  # noqa: S308 (escaped in _council_options)
        )


class DashboardFilterForm(forms.Form):
    since = forms.DateField(
        required=False, label=_("From"), help_text=_("For example, 2026-09-01. Counted from its Monday."),
        error_messages={"invalid": _("Enter the start as a date, like 2026-09-01")},
    )  # fmt: skip
    until = forms.DateField(
        required=False, label=_("To"), help_text=_("For example, 2026-11-30. Leave blank for today."),
        error_messages={"invalid": _("Enter the end as a date, like 2026-11-30")},
    )  # fmt: skip
    council = forms.CharField(
        widget=CouncilSelect,
        required=False,
        label=_("Council"),
    )

    def clean_council(self) -> Council | None:
        slug = self.cleaned_data.get("council")
        if not slug:
            return None
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            raise forms.ValidationError(_("Choose a council from the list"))
        return council

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        until = data.get("until") or today
        since = data.get("since") or until - timedelta(weeks=DEFAULT_WEEKS - 1)
        if since > until:
            raise forms.ValidationError(_("The start must be before the end"))
        if (until - since).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a range of a year or less"))
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
