"""Server-rendered SVG charts: geometry computed and the SVG markup written here (``Chart.svg``).

Hand-built rather than a charting library (docs/decisions/0170-dashboard-charts.md): the site's
Content-Security-Policy allows no inline styles or scripts, and the charts only need bars and
lines. Every chart sits beside a table with the same figures, so the SVG is a picture of the
table: ``role="img"`` with a title and a one-sentence description. Series differ by colour
*and* by dash pattern or marker, never by colour alone.

The markup is written in Python, not a template: a chart is hundreds of small elements, and
the template engine's per-variable cost showed in bench/dashboard.py. Coordinates are written
with ``str`` (SVG wants a full stop as the decimal mark whatever the reader's language), text
is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape  # the standard library's: Django's adds a lazy-string wrapper per call

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# GOV.UK palette colours with at least 3:1 contrast on white, and a dash pattern for each.
COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#505a5f"]
DASHES = ["", "6 3", "2 3", "10 3 2 3"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def nice_ceiling(value: float) -> int:
    """A round axis maximum at or above ``value``: 1, 2, 5, 10, 20, 50, ..."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= value:
                return step * multiple
        step *= 10


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    points: str = ""  # for lines: "x,y x,y ..."
    markers: list[dict] = field(default_factory=list)  # cx, cy and the square's x, y
    bars: list[dict] = field(default_factory=list)  # for bars: x, y, width, height, value


@dataclass
class Chart:
    kind: str  # "lines" or "bars"
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    series: list[Series] = field(default_factory=list)
    gridlines: list[dict] = field(default_factory=list)  # y, label
    labels: list[dict] = field(default_factory=list)  # x, y, text, anchor
    plot: dict = field(default_factory=dict)

    def svg(self, key: str) -> SafeString:
        """The chart as a ``<figure>``: the SVG picture, then a text legend if it has two or
        more series. ``key`` makes the element ids unique on the page."""
        key = escape(key)
        # Outside the f-string, so makemessages finds it.
        table_note = gettext("The table below gives every figure.")
        out = [
            '<figure class="govuk-!-margin-0 govuk-!-margin-bottom-4">'
            f'<svg class="hub-chart" role="img" aria-labelledby="chart-{key}-title '
            f'chart-{key}-desc" viewBox="0 0 {self.width} {self.height}" width="100%" '
            'preserveAspectRatio="xMinYMin meet" font-family="GDS Transport, arial, sans-serif" '
            f'font-size="12"><title id="chart-{key}-title">{escape(self.title)}</title>'
            f'<desc id="chart-{key}-desc">{escape(self.description)} '
            f"{escape(table_note)}</desc>"
        ]
        plot = self.plot
        if self.kind == "lines":
            for line in self.gridlines:
                out.append(
                    f'<line x1="{plot["left"]}" x2="{plot["right"]}" y1="{line["y"]}" '
                    f'y2="{line["y"]}" stroke="#b1b4b6" stroke-width="1"/><text '
                    f'x="{line["label_x"]}" y="{line["y"]}" dy="4" text-anchor="end" '
                    f'fill="#0b0c0c">{escape(line["label"])}</text>'
                )
            for index, series in enumerate(self.series):
                dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
                out.append(
                    f'<polyline points="{series.points}" fill="none" stroke="{series.colour}" '
                    f'stroke-width="2.5"{dash}/>'
                )
                if index == 0:  # circles on the first line, squares on the second
                    out.extend(
                        f'<circle cx="{m["cx"]}" cy="{m["cy"]}" r="3" fill="{series.colour}"/>'
                        for m in series.markers
                    )
                elif index == 1:
                    out.extend(
                        f'<rect x="{m["x"]}" y="{m["y"]}" width="6" height="6" '
                        f'fill="{series.colour}"/>'
                        for m in series.markers
                    )
        else:
            out.append(
                f'<line x1="{plot["left"]}" x2="{plot["left"]}" y1="{plot["top"]}" '
                f'y2="{plot["bottom"]}" stroke="#0b0c0c" stroke-width="1"/>'
            )
            for series in self.series:
                out.extend(
                    f'<rect x="{bar["x"]}" y="{bar["y"]}" width="{bar["width"]}" '
                    f'height="{bar["height"]}" fill="{series.colour}"/><text x="{bar["value_x"]}" '
                    f'y="{bar["value_y"]}" fill="#0b0c0c">{escape(bar["value"])}</text>'
                    for bar in series.bars
                )
        out.extend(
            f'<text x="{label["x"]}" y="{label["y"]}" dy="4" text-anchor="{label["anchor"]}" '
            f'fill="#0b0c0c">{escape(label["text"])}</text>'
            for label in self.labels
        )
        out.append("</svg>")
        if len(self.series) > 1:
            out.append('<figcaption><ul class="govuk-list govuk-body-s hub-chart-legend">')
            for series in self.series:
                if self.kind == "lines":
                    dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
                    swatch = (
                        f'<line x1="0" x2="28" y1="6" y2="6" stroke="{series.colour}" '
                        f'stroke-width="3"{dash}/>'
                    )
                else:
                    swatch = f'<rect x="0" y="0" width="28" height="12" fill="{series.colour}"/>'
                out.append(
                    '<li><svg aria-hidden="true" focusable="false" width="28" height="12" '
                    f'viewBox="0 0 28 12">{swatch}</svg> {escape(series.name)}</li>'
                )
            out.append("</ul></figcaption>")
        out.append("</figure>")
        return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def _gridlines(maximum: int, plot_height: float) -> list[dict]:
    return [
        {
            "y": TOP + plot_height - plot_height * i / 4,
            "label": f"{maximum * i // 4:,}",
            "label_x": LEFT - 6,
        }
        for i in range(5)
    ]


def line_chart(
    *, title: str, description: str, x_labels: list[str], series: dict[str, list[int]]
) -> Chart:
    """One line per series over the same x positions (e.g. weeks)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    maximum = nice_ceiling(max((max(v, default=0) for v in series.values()), default=0))
    count = max(len(x_labels), 1)
    step = plot_w / max(count - 1, 1)

    def xy(i: int, value: int) -> tuple[float, float]:
        return round(LEFT + i * step, 1), round(TOP + plot_h - plot_h * value / maximum, 1)

    chart = Chart(
        kind="lines", title=title, description=description,
        gridlines=_gridlines(maximum, plot_h),
        plot={"left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h},
    )  # fmt: skip
    for index, (name, values) in enumerate(series.items()):
        coords = [xy(i, v) for i, v in enumerate(values)]
        chart.series.append(
            Series(
                name=name,
                colour=COLOURS[index % len(COLOURS)],
                dash=DASHES[index % len(DASHES)],
                points=" ".join(f"{x},{y}" for x, y in coords),
                markers=[
                    {"cx": x, "cy": y, "x": round(x - 3, 1), "y": round(y - 3, 1)}
                    for x, y in coords
                ]
                if len(coords) <= 27
                else [],
            )
        )
    every = max(1, (count + 7) // 8)  # at most about eight labels on the axis
    for i, text in enumerate(x_labels):
        if i % every == 0:
            chart.labels.append(
                {"x": xy(i, 0)[0], "y": HEIGHT - BOTTOM + 18, "text": text, "anchor": "middle"}
            )
    return chart


def bar_chart(
    *, title: str, description: str, categories: list[str], series: dict[str, list[int]]
) -> Chart:
    """Horizontal bars, one group per category, one bar per series in each group."""
    names = list(series)
    bar_h, gap = 14, 10
    label_w = 170
    group_h = bar_h * len(names) + gap
    height = TOP + group_h * len(categories) + 8  # no x axis labels under bars
    plot_w = WIDTH - label_w - RIGHT - 40
    maximum = nice_ceiling(max((max(v, default=0) for v in series.values()), default=0))
    chart = Chart(
        kind="bars", title=title, description=description, height=height,
        plot={"left": label_w, "right": label_w + plot_w, "top": TOP,
              "bottom": height - 8},
    )  # fmt: skip
    for index, name in enumerate(names):
        bars = []
        for row, value in enumerate(series[name]):
            y = TOP + row * group_h + index * bar_h
            width = round(plot_w * value / maximum, 1)
            bars.append(
                {"x": label_w, "y": y, "width": max(width, 0.5), "height": bar_h - 2,
                 "value": f"{value:,}", "value_x": label_w + width + 4, "value_y": y + bar_h - 4}
            )  # fmt: skip
        chart.series.append(
            Series(
                name=name,
                colour=COLOURS[index % len(COLOURS)],
                dash=DASHES[index % len(DASHES)],
                bars=bars,
            )
        )
    for row, text in enumerate(categories):
        chart.labels.append(
            {"x": label_w - 6, "y": TOP + row * group_h + group_h / 2, "text": text[:28],
             "anchor": "end"}
        )  # fmt: skip
    return chart
