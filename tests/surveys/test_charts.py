"""Chart geometry for survey trends."""

from surveys.charts import line_chart, round_axis_label


def test_trend_axes_name_rounds_by_the_month_they_closed():
    rounds = [
        {"title": "Autumn staff survey 2025", "closed": "2025-12-05"},
        {"title": "Autumn staff survey 2026", "closed": "2026-12-04"},
    ]
    chart = line_chart(
        title="Trend",
        x_labels=[r["title"] for r in rounds],
        axis_labels=[round_axis_label(r) for r in rounds],
        series=[{"name": "Trust", "values": [6.5, 7.0]}],
        y_min=0,
        y_max=10,
    )
    assert [label["text"] for label in chart["x_labels"]] == ["Dec 2025", "Dec 2026"]
    assert chart["x_names"] == ["Autumn staff survey 2025", "Autumn staff survey 2026"]
