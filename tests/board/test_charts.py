"""One colour meaning: better is always blue, worse always orange, whatever the direction."""

from surveys import charts


def test_heat_map_columns_follow_their_own_direction():
    chart = charts.heat_map(
        title="ONS4",
        row_labels=["A", "B"],
        column_labels=["Life satisfaction", "Anxiety"],
        values=[[8.0, 1.0], [6.0, 4.0]],
        v_min=1.0,
        v_max=8.0,
        higher_is_better=[True, False],
    )
    fills = {(c["x"], c["y"]): c["fill"] for c in chart["cells"]}
    a_life, a_anxiety, b_life, b_anxiety = (
        fills[k] for k in sorted(fills, key=lambda k: (k[1], k[0]))
    )
    best = charts._mix(*charts.RAMP, 1)
    worst = charts._mix(*charts.LOW_RAMP, 1)
    assert a_life == a_anxiety == best  # high satisfaction and low anxiety: both better, blue
    assert b_life == b_anxiety == worst
    assert [item["text"].split(":")[0] for item in chart["legend"]] == [
        "Better",
        "Worse",
        "Hidden (too few responses)",
    ]
    assert chart["lower_is_better"] == ["Anxiety"]


def test_many_series_become_small_multiples_with_one_colour():
    chart = charts.small_multiples(
        title="HSE trend",
        x_labels=["Round 1", "Round 2"],
        series=[{"name": f"Score {i}", "values": [3.0, None if i == 2 else 3.5]} for i in range(7)],
        y_min=1,
        y_max=5,
    )
    assert len(chart["panels"]) == 7
    assert chart["panels"][2]["values"] == ["3.00", "hidden"]
    assert chart["height"] == 3 * 130  # three rows of three panels


def test_a_bar_carries_its_benchmark_beside_it():
    chart = charts.bar_chart(
        title="Scores",
        rows=[{"label": "Life satisfaction", "value": 7.0, "mark": 7.45, "mark_label": "UK"}],
        max_value=10,
    )
    bar = chart["bars"][0]
    assert bar["mark"]["text"] == "7.5" and bar["mark"]["label"] == "UK"
    assert bar["text_x"] > bar["mark"]["x"]  # the value is written clear of the mark
    assert chart["marks"] == ["UK"]
