"""Inline SVG charts for the report page: no script, no library, nothing fetched.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(the figures in words), drawn in a viewBox about a phone's width so that its text stays
readable when the page scales it; the page puts the same figures in a table under each chart.
"""

from __future__ import annotations

from html import escape
from itertools import count
from typing import Callable, List, Optional, Sequence, Tuple

WIDTH = 360
FONT = 14
_ids = count(1)


def _svg(title: str, desc: str, height: int, body: List[str]) -> str:
    n = next(_ids)
    return (
        f'<svg role="img" aria-labelledby="chart{n}-title chart{n}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        f'<title id="chart{n}-title">{escape(title)}</title><desc id="chart{n}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5, 10, 20, 50, …)."""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def columns(
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Optional[float]],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    ceiling: Optional[float] = None,
    css_class: str = "bar",
) -> str:
    """One column per label (days); ``None`` draws nothing (no data that day). The axis runs
    from 0 to ``ceiling`` or a round number above the largest value; a label every few columns."""
    height, left, bottom, top = 190, 42, 24, 10
    plot_w, plot_h = WIDTH - left - 6, height - top - bottom
    top_value = ceiling or _nice_max(max([v for v in values if v is not None] or [1]) or 1)
    slot = plot_w / max(len(values), 1)
    body = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 6}" y2="{top + plot_h}"/>']
    middle = top_value / 2
    for tick in (0, middle, top_value) if ceiling or middle.is_integer() else (0, top_value):
        y = top + plot_h - plot_h * tick / top_value
        body.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - 6}" y2="{y:.1f}"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>'
        )
    every = max(1, -(-len(labels) // 5))  # at most about five labels under the axis
    for i, (label, value) in enumerate(zip(labels, values)):
        x = left + i * slot
        if value is not None:
            h = max(plot_h * value / top_value, 1 if value else 0)
            body.append(
                f'<rect class="{css_class}" x="{x + slot * 0.15:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{max(slot * 0.7, 1):.1f}" height="{h:.1f}"><title>{escape(label)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
        if i % every == 0:
            body.append(f'<text x="{x + slot / 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>')
    return _svg(title, desc, height, body)


def bars(title: str, desc: str, rows: Sequence[Tuple[str, float]], css_class: str = "bar") -> str:
    """Horizontal bars, one row per (label, value), largest first as given; the value at the end."""
    row_h, label_w, value_w = 26, 150, 36
    height = row_h * len(rows) + 4
    top_value = max([value for _, value in rows] or [1]) or 1
    body = []
    for i, (label, value) in enumerate(rows):
        y = 2 + i * row_h
        width = (WIDTH - label_w - value_w) * value / top_value
        shown = label if len(label) <= 20 else label[:19] + "…"
        body.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="{css_class}" x="{label_w}" y="{y + 4}" width="{max(width, 1):.1f}" '
            f'height="{row_h - 8}">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{label_w + width + 4:.1f}" y="{y + 17}">{value:g}</text>'
        )
    return _svg(title, desc, height, body)
