"""Geometry for the portal's server-rendered SVG charts (templates/charts/).

Each function returns plain data for one template; every chart is also rendered as a data table,
so nothing is only in the picture. Hidden (suppressed) figures are passed as None and drawn as
"hidden", never as zero. Colours are chosen so dark text on them passes WCAG contrast.
"""

from datetime import date

TEXT = "#212529"
BAR = "#1f5f8b"
GRID = "#6c757d"
MARK = "#212529"  # a benchmark or trust figure beside a bar: dark, never a second hue
SERIES = ["#1f5f8b", "#b5480b", "#2e7d32", "#6a1b9a", "#8a6d00", "#ad1457"]
# From pale to mid blue: dark text stays above 4.5:1 on every step.
RAMP = [(0xF1, 0xF7, 0xFC), (0x9E, 0xC9, 0xE8)]
LOW_RAMP = [(0xFD, 0xF1, 0xE6), (0xF4, 0xB6, 0x83)]


def _fmt(value, places=1):
    return "hidden" if value is None else f"{value:.{places}f}"


def bar_chart(
    *,
    title: str,
    rows: list[dict],
    max_value: float | None = None,
    places: int = 1,
    unit: str = "",
    label_width: int = 220,
    width: int = 640,
) -> dict:
    """Horizontal bars; rows are {"label": str, "value": float | None} and may carry a "mark"
    (a benchmark or the trust's figure, drawn as a dark line across the bar) and "mark_label"."""
    bar_height, gap, top = 22, 10, 8
    values = [r["value"] for r in rows if r["value"] is not None]
    top_value = max_value if max_value is not None else (max(values) if values else 1) or 1
    plot = width - label_width - 70
    bars = []
    for index, row in enumerate(rows):
        y = top + index * (bar_height + gap)
        value = row["value"]
        length = 0 if value is None else max(0.0, plot * value / top_value)
        mark_length = 0 if row.get("mark") is None else max(0.0, plot * row["mark"] / top_value)
        bars.append(
            {
                "label": row["label"],
                "value": value,
                "text": _fmt(value, places) + ("" if value is None else unit),
                "y": y,
                "x": label_width,
                "w": round(length, 1),
                "h": bar_height,
                "text_x": round(label_width + max(length, mark_length) + 6, 1),
                "text_y": y + bar_height - 6,
                "label_y": y + bar_height - 6,
                "hidden": value is None,
                "mark": None
                if row.get("mark") is None
                else {
                    "x": round(label_width + mark_length, 1),
                    "y1": y - 3,
                    "y2": y + bar_height + 3,
                    "text": _fmt(row["mark"], places) + unit,
                    "label": row.get("mark_label", "Benchmark"),
                },
            }
        )
    height = top + len(rows) * (bar_height + gap) + 4
    return {
        "title": title,
        "width": width,
        "height": height,
        "bars": bars,
        "label_x": label_width - 8,
        "axis_x": label_width,
        "colour": BAR,
        "text": TEXT,
        "grid": GRID,
        "places": places,
        "marks": sorted({b["mark"]["label"] for b in bars if b["mark"]}),
        "mark_colour": MARK,
    }


def line_chart(
    *,
    title: str,
    x_labels: list[str],
    series: list[dict],
    y_min: float,
    axis_labels: list[str] | None = None,
    y_max: float,
    places: int = 2,
    width: int = 640,
    height: int = 260,
) -> dict:
    """Lines over rounds; series are {"name": str, "values": [float | None, ...]} per x label.

    x_labels name the points in the data table; axis_labels, when given, are shorter texts for
    the axis (round titles are too long to fit under a point).
    """
    left, right, top, bottom = 48, 16, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (y_max - y_min) or 1
    step = plot_w / max(1, len(x_labels) - 1)

    def x_at(i):
        return round(left + (i * step if len(x_labels) > 1 else plot_w / 2), 1)

    def y_at(v):
        return round(top + plot_h - (v - y_min) / span * plot_h, 1)

    lines = []
    for index, one in enumerate(series):
        points = [(x_at(i), y_at(v), v) for i, v in enumerate(one["values"]) if v is not None]
        lines.append(
            {
                "name": one["name"],
                "colour": SERIES[index % len(SERIES)],
                "path": " ".join(f"{x},{y}" for x, y, _ in points),
                "points": [{"x": x, "y": y, "text": _fmt(v, places)} for x, y, v in points],
                "values": [_fmt(v, places) for v in one["values"]],
            }
        )
    ticks = [
        {"y": y_at(y_min + span * f), "text": _fmt(y_min + span * f, 1)}
        for f in (0, 0.25, 0.5, 0.75, 1)
    ]
    labels = [{"x": x_at(i), "text": label} for i, label in enumerate(axis_labels or x_labels)]
    return {
        "title": title,
        "width": width,
        "height": height,
        "lines": lines,
        "ticks": ticks,
        "x_labels": labels,
        "left": left,
        "right": width - right,
        "bottom": top + plot_h,
        "label_y": top + plot_h + 20,
        "text": TEXT,
        "grid": GRID,
        "x_names": x_labels,
    }


def round_axis_label(summary: dict) -> str:
    """A short axis label for a survey round: the month it closed, e.g. "Jul 2026"."""
    closed = summary.get("closed")
    return date.fromisoformat(closed).strftime("%b %Y") if closed else summary["title"]


def _mix(low, high, share):
    share = min(1.0, max(0.0, share))
    return "#" + "".join(
        f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True)
    )


def heat_map(
    *,
    title: str,
    row_labels: list[str],
    column_labels: list[str],
    values: list[list[float | None]],
    v_min: float,
    v_max: float,
    higher_is_better: bool | list[bool] = True,
    places: int = 2,
    row_label_width: int = 200,
    cell_w: int = 92,
    cell_h: int = 34,
) -> dict:
    """A grid of values (rows x columns), each column shaded against its own range and its own
    direction (higher_is_better per column, or one for all): better is always blue (RAMP), worse
    always orange (LOW_RAMP), the one colour meaning of every chart; grey is hidden."""
    top = 54
    columns = len(column_labels)
    better_high = (
        list(higher_is_better)
        if isinstance(higher_is_better, list)
        else [higher_is_better] * columns
    )
    ranges = []
    for c in range(columns):
        present = [row[c] for row in values if row[c] is not None]
        ranges.append((min(present), max(present)) if present else (v_min, v_max))
    cells = []
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            x, y = row_label_width + c * cell_w, top + r * cell_h
            low, high = ranges[c]
            span = (high - low) or 1
            if value is None:
                fill = "#e9ecef"
            elif high == low:
                fill = _mix(*RAMP, 0.5)
            else:
                badness = (high - value) / span if better_high[c] else (value - low) / span
                fill = _mix(*LOW_RAMP, badness) if badness > 0.5 else _mix(*RAMP, 1 - badness * 2)
            cells.append(
                {
                    "x": x,
                    "y": y,
                    "w": cell_w - 2,
                    "h": cell_h - 2,
                    "fill": fill,
                    "text": _fmt(value, places),
                    "text_x": x + cell_w / 2 - 1,
                    "text_y": y + cell_h / 2 + 4,
                }
            )
    width = row_label_width + len(column_labels) * cell_w + 4
    height = top + len(row_labels) * cell_h + 4
    return {
        "title": title,
        "width": width,
        "height": height,
        "cells": cells,
        "text": TEXT,
        "columns": [
            {"x": row_label_width + c * cell_w + cell_w / 2, "text": t}
            for c, t in enumerate(column_labels)
        ],
        "rows": [
            {"y": top + r * cell_h + cell_h / 2 + 4, "text": t} for r, t in enumerate(row_labels)
        ],
        "row_label_x": row_label_width - 8,
        "column_names": column_labels,
        "legend": [
            {"fill": _mix(*RAMP, 1), "text": "Better: nearer the best figure in its column"},
            {"fill": _mix(*LOW_RAMP, 1), "text": "Worse: nearer the worst figure in its column"},
            {"fill": "#e9ecef", "text": "Hidden (too few responses)"},
        ],
        "lower_is_better": [
            name for name, high in zip(column_labels, better_high, strict=True) if not high
        ],
        "table": [
            {"label": label, "values": [_fmt(v, places) for v in row]}
            for label, row in zip(row_labels, values, strict=True)
        ],
    }


def small_multiples(
    *,
    title: str,
    x_labels: list[str],
    series: list[dict],
    y_min: float,
    y_max: float,
    axis_labels: list[str] | None = None,
    places: int = 2,
    columns: int = 3,
    panel_w: int = 210,
    panel_h: int = 130,
) -> dict:
    """One small line chart per series on a shared scale, instead of many lines tangled in one
    chart; every line is the same colour, so no colour has to be matched to a legend."""
    left, top, bottom, right = 34, 22, 26, 10
    plot_w, plot_h = panel_w - left - right, panel_h - top - bottom
    span = (y_max - y_min) or 1
    step = plot_w / max(1, len(x_labels) - 1)
    axis = axis_labels or x_labels
    panels = []
    for index, one in enumerate(series):
        ox, oy = (index % columns) * panel_w, (index // columns) * panel_h

        def x_at(i, ox=ox):
            return round(ox + left + (i * step if len(x_labels) > 1 else plot_w / 2), 1)

        def y_at(v, oy=oy):
            return round(oy + top + plot_h - (v - y_min) / span * plot_h, 1)

        points = [(x_at(i), y_at(v), v) for i, v in enumerate(one["values"]) if v is not None]
        panels.append(
            {
                "name": one["name"],
                "title_x": ox + 4,
                "title_y": oy + 14,
                "path": " ".join(f"{x},{y}" for x, y, _ in points),
                "points": [{"x": x, "y": y, "text": _fmt(v, places)} for x, y, v in points],
                "values": [_fmt(v, places) for v in one["values"]],
                "axis_y1": oy + top,
                "axis_y2": oy + top + plot_h,
                "axis_x": ox + left,
                "axis_x2": ox + left + plot_w,
                "ticks": [
                    {"y": y_at(y_min), "text": _fmt(y_min, 0)},
                    {"y": y_at(y_max), "text": _fmt(y_max, 0)},
                ],
                "tick_x": ox + left - 4,
                "first": {"x": x_at(0), "text": axis[0]} if axis else None,
                "last": {"x": x_at(len(axis) - 1), "text": axis[-1]} if len(axis) > 1 else None,
                "label_y": oy + top + plot_h + 14,
            }
        )
    rows = (len(series) + columns - 1) // columns
    return {
        "title": title,
        "width": columns * panel_w,
        "height": rows * panel_h,
        "panels": panels,
        "colour": BAR,
        "text": TEXT,
        "grid": GRID,
        "x_names": x_labels,
    }
