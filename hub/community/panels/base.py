"""What every panel is made of: the filters it reads and the table it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from hub.community.charts import Chart
from hub.councils.models import Council


@dataclass(frozen=True)
class Filters:
    since: datetime  # the Monday the range starts, 00:00 local time
    until: datetime  # exclusive
    council: Council | None = None

    @property
    def council_id(self) -> int | None:
        return self.council.pk if self.council else None

    @property
    def days(self) -> int:
        return max(1, (self.until - self.since).days)


@dataclass
class Panel:
    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: Chart | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    links_heading: str = ""
    note: str = ""

    @property
    def display_rows(self) -> list[list[str]]:
        """The rows as shown: whole numbers with thousands separators (the CSV keeps them bare)."""
        return [[f"{v:,}" if isinstance(v, int) else v for v in row] for row in self.rows]

    @property
    def chart_svg(self) -> SafeString:
        return self.chart.svg(self.key) if self.chart else SafeString("")

    @property
    def table_html(self) -> SafeString:
        """The GOV.UK table of the figures, the first column as row headers. Written here
        rather than in the template, like the charts: hundreds of cells per page, each a
        template variable lookup and escape, showed in bench/dashboard.py."""
        numeric = " govuk-table__header--numeric"
        head = "".join(
            f'<th scope="col" class="govuk-table__header{numeric if i else ""}">'
            f"{escape(str(column))}</th>"
            for i, column in enumerate(self.columns)
        )
        cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
        body = "".join(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"{escape(str(first))}</th>"
            + "".join(f"{cell}{escape(str(value))}</td>" for value in rest)
            + "</tr>"
            for first, *rest in self.display_rows
        )
        caption = gettext("%(title)s: the figures") % {"title": self.title}
        return mark_safe(  # noqa: S308 (every text is escaped above)
            '<table class="govuk-table"><caption class="govuk-table__caption '
            f'govuk-table__caption--s">{escape(caption)}</caption><thead class="govuk-table__head">'
            f'<tr class="govuk-table__row">{head}</tr></thead><tbody class="govuk-table__body">'
            f"{body}</tbody></table>"
        )


def week_of(value) -> date:
    """Selectors give week starts as dates (truncated in the database, in local time)."""
    return value.date() if isinstance(value, datetime) else value


def weeks_in(filters: Filters) -> list[date]:
    start = filters.since.date()
    weeks = []
    while start < filters.until.date():
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def axis_label(day: date) -> str:
    """A week on a chart's axis: "7 Dec" (month names in the reader's language)."""
    return date_format(day, "j M")
