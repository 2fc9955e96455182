"""Chart geometry for server-rendered SVG (templates/surveys/_charts.html draws it).

Charts carry a title, and every chart sits beside a table with the same figures. Bar charts
mirror in right-to-left languages (in the stylesheet); time runs left to right in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import translated, translated_language

WIDTH = 400


@dataclass
class Bar:
    label: str
    label_lang: str
    value_text: str
    #: Length of the bar, 0–100 (of the longest possible bar).
    length: float
    hidden: bool


@dataclass
class BarChart:
    bars: list[Bar]


def bar_chart(items: list[tuple[str, str, float | None, str]], *, maximum: float = 100.0) -> BarChart:
    """``items``: (label, label language, value or None when hidden, value text).

    Labels and figures are HTML text (they wrap and keep their size on a phone); each bar is a
    small SVG drawn in a 0–100 box. Right-to-left pages mirror the bars in the stylesheet.
    """
    bars = []
    for label, lang, value, text in items:
        length = 0.0 if value is None or maximum <= 0 else max(100.0 * min(value, maximum) / maximum, 0.0)
        if value not in (None, 0) and length < 0.5:
            length = 0.5
        bars.append(Bar(label, lang, text, round(length, 2), value is None))
    return BarChart(bars)


@dataclass
class Segment:
    x: float
    width: float
    index: int


@dataclass
class StackedRow:
    label: str
    label_lang: str
    segments: list[Segment]
    hidden: bool


@dataclass
class StackedChart:
    rows: list[StackedRow]


def stacked_chart(rows: list[tuple[str, str, list[float | None]]]) -> StackedChart:
    """Rows of percentages that add up to 100 (a Likert matrix); hidden rows are left empty."""
    out = []
    for label, lang, percents in rows:
        hidden = any(p is None for p in percents)
        segments, position = [], 0.0
        if not hidden:
            for i, percent in enumerate(percents):
                width = percent or 0.0
                segments.append(Segment(round(position, 2), round(width, 2), i))
                position += width
        out.append(StackedRow(label, lang, segments, hidden))
    return StackedChart(out)


@dataclass
class Series:
    label: str
    index: int
    points: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, text

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _ in self.points)


@dataclass
class LineChart:
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int
    height: int
    left: int
    top: int
    bottom: int


def line_chart(
    periods: list[str], lines: list[tuple[str, list[float | None]]], *, low: float = 1.0, high: float = 5.0
) -> LineChart:
    """One line per series over ``periods``; None values (hidden or missing) break nothing."""
    width, height, left, right, top, bottom = WIDTH, 220, 44, 36, 14, 186
    span = max(len(periods) - 1, 1)

    def x_of(i: int) -> float:
        return round(left + (width - left - right) * (i / span if len(periods) > 1 else 0.5), 1)

    def y_of(v: float) -> float:
        return round(bottom - (bottom - top) * (v - low) / (high - low), 1)

    series = []
    for index, (label, values) in enumerate(lines):
        s = Series(label, index)
        for i, value in enumerate(values):
            if value is not None:
                s.points.append((x_of(i), y_of(value), f"{value:.1f}"))
        series.append(s)
    ticks = [(y_of(v), f"{v:g}") for v in range(int(low), int(high) + 1)]
    return LineChart(series, [(x_of(i), p) for i, p in enumerate(periods)], ticks, width, height, left, top, bottom)


def for_question(res, *, hidden_text: str):
    """The chart for one arranged question result (see ``results.arrange``), or None."""
    kind = res.question.kind
    if res.hidden:
        return None
    if res.rows:
        items = []
        for label, cell in res.rows:
            text = translated(label) if label.get("") is None else label[""]
            lang = translated_language(label) if label.get("") is None else ""
            if cell.hidden:
                items.append((text, lang, None, hidden_text))
            else:
                items.append((text, lang, cell.percent, f"{cell.percent:.0f} % ({cell.count})"))
        return bar_chart(items)
    if kind == "matrix" and res.matrix:
        rows = []
        for label, row_cells in res.matrix:
            percents = [None if c.hidden else c.percent for c in row_cells]
            rows.append((translated(label), translated_language(label), percents))
        return stacked_chart(rows)
    if kind == "ranking" and res.ranking:
        count = len(res.ranking)
        items = []
        for label, mean, _first in res.ranking:
            if mean is None:
                items.append((translated(label), translated_language(label), None, hidden_text))
            else:
                items.append((translated(label), translated_language(label), count + 1 - mean, f"{mean:.1f}"))
        return bar_chart(items, maximum=float(count))
    return None
