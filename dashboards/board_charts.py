"""Small SVG charts for the board and the committee pack, each drawn with its text equivalent.

One colour meaning across the portal: bars and lines are one neutral blue; where a chart shows
better or worse, better is always blue (BETTER) and worse always orange (WORSE), an Okabe-Ito pair
that stays apart for the common kinds of colour blindness. A benchmark (trust average or national
figure) is a dashed dark line, labelled in words. Hidden figures are drawn as "hidden", never 0.
"""

import base64
from html import escape

BAR = "#0b5394"
BETTER = "#0b5394"
WORSE = "#b85c00"
BENCHMARK = "#212529"
GRID = "#6c757d"
TEXT = "#212529"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _fmt(value, places: int, unit: str) -> str:
    return "hidden" if value is None else f"{value:.{places}f}{unit}"


def bars_with_benchmark(
    *,
    rows: list[dict],
    benchmark: float | None = None,
    benchmark_label: str = "",
    unit: str = "",
    places: int = 2,
    width: int = 560,
    label_width: int = 190,
) -> str:
    """Horizontal bars (rows: {"label", "value"}), with a dashed benchmark line and its label."""
    bar_h, gap, top = 18, 8, 22
    values = [r["value"] for r in rows if r["value"] is not None]
    if benchmark is not None:
        values.append(benchmark)
    top_value = (max(values) if values else 1) * 1.15 or 1
    plot = width - label_width - 20
    height = top + len(rows) * (bar_h + gap) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {FONT} font-size="11">',
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height}" '
        f'stroke="{GRID}"/>',
    ]
    for index, row in enumerate(rows):
        y = top + index * (bar_h + gap)
        value = row["value"]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_h - 5}" text-anchor="end" fill="{TEXT}">'
            f"{escape(row['label'][:30])}</text>"
        )
        length = 0 if value is None else plot * value / top_value
        if value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_h}" '
                f'fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_h - 5}" fill="{TEXT}">'
            f"{_fmt(value, places, unit)}</text>"
        )
    if benchmark is not None:
        x = label_width + plot * benchmark / top_value
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height}" stroke="{BENCHMARK}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{min(x, width - 150):.1f}" y="{top - 9}" fill="{TEXT}">'
            f"{escape(benchmark_label)} {_fmt(benchmark, places, unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def small_multiples(
    *,
    panels: list[dict],
    unit: str = "",
    places: int = 2,
    columns: int = 3,
    panel_w: int = 180,
    panel_h: int = 110,
) -> str:
    """One small bar chart per panel ({"name", "points": [{"label", "value"}]}) on a shared
    scale, instead of many lines tangled in one chart."""
    values = [p["value"] for panel in panels for p in panel["points"] if p["value"] is not None]
    top_value = (max(values) if values else 1) * 1.2 or 1
    rows = (len(panels) + columns - 1) // columns
    width, height = columns * panel_w, rows * panel_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {FONT} font-size="9">'
    ]
    for index, panel in enumerate(panels):
        x0 = (index % columns) * panel_w + 8
        y0 = (index // columns) * panel_h
        plot_h = panel_h - 44
        base = y0 + 18 + plot_h
        parts.append(
            f'<text x="{x0}" y="{y0 + 12}" font-size="10" font-weight="bold" fill="{TEXT}">'
            f"{escape(panel['name'][:28])}</text>"
        )
        parts.append(
            f'<line x1="{x0}" y1="{base}" x2="{x0 + panel_w - 16}" y2="{base}" stroke="{GRID}"/>'
        )
        count = max(1, len(panel["points"]))
        slot = (panel_w - 16) / count
        for i, point in enumerate(panel["points"]):
            bx = x0 + i * slot + slot * 0.15
            value = point["value"]
            if value is not None:
                h = plot_h * value / top_value
                parts.append(
                    f'<rect x="{bx:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{h:.1f}" fill="{BAR}"/>'
                )
            label_y = base - (plot_h * value / top_value if value is not None else 0) - 3
            parts.append(
                f'<text x="{bx + slot * 0.35:.1f}" y="{label_y:.1f}" text-anchor="middle" '
                f'fill="{TEXT}">{_fmt(value, places, "")}</text>'
            )
            parts.append(
                f'<text x="{bx + slot * 0.35:.1f}" y="{base + 11}" text-anchor="middle" '
                f'fill="{TEXT}">{escape(point["label"])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    """The SVG as an <img> source, so a PDF carries the chart with its alt text (tagged)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
