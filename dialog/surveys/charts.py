"""Chart geometry for server-rendered SVG (templates/surveys/_charts.html draws it).

Charts carry a title, and every chart sits beside a table with the same figures. Bar charts
mirror in right-to-left languages; time runs left to right in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
ROW = 46
BAR = 20
VALUE_SPACE = 90


@dataclass
class Bar:
    label: str
    label_lang: str
    value_text: str
    x: float
    y: float
    width: float
    label_x: float
    label_y: float
    value_x: float
    hidden: bool


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    anchor: str       # text-anchor of labels
    value_anchor: str
    width: int = WIDTH


def bar_chart(items: list[tuple[str, str, float | None, str]], *, rtl: bool, maximum: float = 100.0) -> BarChart:
    """``items``: (label, label language, value or None when hidden, value text)."""
    usable = WIDTH - VALUE_SPACE
    bars = []
    for index, (label, lang, value, text) in enumerate(items):
        top = index * ROW
        width = 0.0 if value is None or maximum <= 0 else max(usable * min(value, maximum) / maximum, 0.0)
        if value not in (None, 0) and width < 2:
            width = 2.0
        if rtl:
            x, label_x, value_x = WIDTH - width, WIDTH, WIDTH - width - 6
        else:
            x, label_x, value_x = 0.0, 0.0, width + 6
        bars.append(Bar(label, lang, text, round(x, 1), top + 20, round(width, 1), label_x, top + 14,
                        round(value_x, 1), value is None))
    return BarChart(bars, max(len(items) * ROW, ROW), "end" if rtl else "start", "end" if rtl else "start")


@dataclass
class Segment:
    x: float
    width: float
    index: int
    text: str


@dataclass
class StackedRow:
    label: str
    label_lang: str
    y: float
    label_y: float
    segments: list[Segment]
    hidden: bool


@dataclass
class StackedChart:
    rows: list[StackedRow]
    height: int
    anchor: str
    label_x: float
    width: int = WIDTH


def stacked_chart(rows: list[tuple[str, str, list[float | None]]], *, rtl: bool) -> StackedChart:
    """Rows of percentages that add up to 100 (a Likert matrix); hidden rows are left empty."""
    out = []
    for index, (label, lang, percents) in enumerate(rows):
        top = index * ROW
        hidden = any(p is None for p in percents)
        segments = []
        position = 0.0
        if not hidden:
            for i, percent in enumerate(percents):
                width = WIDTH * (percent or 0) / 100.0
                x = WIDTH - position - width if rtl else position
                segments.append(Segment(round(x, 1), round(width, 1), i, f"{percent:.0f} %"))
                position += width
        out.append(StackedRow(label, lang, top + 20, top + 14, segments, hidden))
    return StackedChart(out, max(len(rows) * ROW, ROW), "end" if rtl else "start", WIDTH if rtl else 0)


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


def line_chart(periods: list[str], lines: list[tuple[str, list[float | None]]], *,
               low: float = 1.0, high: float = 5.0) -> LineChart:
    """One line per series over ``periods``; None values (hidden or missing) break nothing."""
    width, height, left, right, top, bottom = WIDTH, 260, 40, 20, 16, 220
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


def for_question(res, *, rtl: bool, hidden_text: str):
    """The chart for one arranged question result (see ``results.arrange``), or None."""
    from ..i18n import translated, translated_language

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
        return bar_chart(items, rtl=rtl)
    if kind == "matrix" and res.matrix:
        rows = []
        for label, row_cells in res.matrix:
            percents = [None if c.hidden else c.percent for c in row_cells]
            rows.append((translated(label), translated_language(label), percents))
        return stacked_chart(rows, rtl=rtl)
    if kind == "ranking" and res.ranking:
        count = len(res.ranking)
        items = []
        for label, mean, _first in res.ranking:
            if mean is None:
                items.append((translated(label), translated_language(label), None, hidden_text))
            else:
                items.append((translated(label), translated_language(label), count + 1 - mean, f"{mean:.1f}"))
        return bar_chart(items, rtl=rtl, maximum=float(count))
    return None
