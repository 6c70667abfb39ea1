"""Drivers: which scores and questions go with an outcome in a round's latest release.

Pearson's r between respondents' driver and outcome scores, over the respondents who have both,
with its 95% interval by Fisher's z: tanh(atanh(r) ± 1.96 / sqrt(n − 3)). Association, not cause.

Drivers are part of a release. `release_drivers` is called by `services.release_make` with the
release it is making, and reads the same responses that release was planned from, so drivers
never show more than the release: a group the release hides has no drivers; a group it holds
keeps the drivers of the release that last showed it; a score or question the release hides in
a group is no driver (nor outcome) there. On top of that, a driver with fewer than
MIN_RESPONDENTS respondents having both answers is suppressed, and per school drivers exist only
for schools, never for role groups or departments. Stored data never carries a suppressed n.
"""

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from surveys.instruments import score_for_respondent
from surveys.stored_results import figures_by_key
from surveys.tallies import question_meta, score_meta

MIN_RESPONDENTS = 30
Z_95 = 1.96
DEFAULT_OUTCOME = ("ons4", "life_satisfaction")


def variable_id(instrument: str | None, key: str) -> str:
    return f"s:{instrument}:{key}" if instrument else f"q:{key}"


def parse_variable(var: str) -> tuple[str | None, str]:
    kind, _, rest = var.partition(":")
    if kind == "s":
        instrument, _, key = rest.partition(":")
        return instrument, key
    return None, rest


def pearson(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r of (x, y) pairs; None when either has no spread."""
    n = len(pairs)
    if n < 2:
        return None
    mean_x = math.fsum(x for x, _ in pairs) / n
    mean_y = math.fsum(y for _, y in pairs) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = math.fsum((x - mean_x) ** 2 for x, _ in pairs)
    syy = math.fsum((y - mean_y) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def interval(r: float, n: int) -> tuple[float, float]:
    """The 95% confidence interval of r over n respondents (Fisher z)."""
    if abs(r) >= 1:
        return r, r
    z = math.atanh(r)
    half = Z_95 / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def strength(r: float) -> str:
    size = abs(r)
    if size >= 0.5:
        return "strong"
    if size >= 0.3:
        return "moderate"
    if size >= 0.1:
        return "weak"
    return "negligible"


def reading(r: float, low: float, high: float) -> str:
    """A plain-language reading of r and its interval."""
    if low <= 0 <= high:
        return "unclear: the interval crosses zero"
    direction = "higher" if r > 0 else "lower"
    certainty = "fairly certain" if high - low <= 0.3 else "but uncertain"
    return f"{strength(r)}, {certainty} (goes with {direction} outcome)"


def _variables(survey_round, questions) -> tuple[list[dict], list[dict], dict]:
    """(scores, numeric questions, item bounds) of a round, as the release computes them."""
    question_rows = question_meta(questions)
    scores = score_meta(survey_round.instruments, {q.key for q in questions})
    numeric = [q for q in question_rows if q["numeric"] and q["kind"] != "multiple"]
    items = {
        q["key"]: {"min": q["min"], "max": q["max"], "reverse": q["reverse"]}
        for q in question_rows
        if q["numeric"]
    }
    return scores, numeric, items


def _respondent_values(answers: dict, scores, numeric, items) -> dict[str, float]:
    values = {}
    for score in scores:
        value = score_for_respondent(score, answers, items)
        if value is not None:
            values[variable_id(score["instrument"], score["key"])] = value
    for question in numeric:
        value = answers.get(question["key"])
        if value is not None and not isinstance(value, list):
            values[variable_id(None, question["key"])] = float(value)
    return values


def _shown_variables(group: dict) -> set[str]:
    """Scores and questions a stored release group shows as they are now (not held)."""
    shown = set()
    for (instrument, key), score in figures_by_key(group, "scores").items():
        if not score.get("suppressed") and "as_at" not in score:
            shown.add(variable_id(instrument, key))
    for key, question in figures_by_key(group, "questions").items():
        if not question.get("suppressed") and "as_at" not in question:
            shown.add(variable_id(None, key))
    return shown


def group_drivers(rows: list[dict[str, float]], outcomes, candidates, shown) -> dict:
    """{outcome id: [[driver id, n, r, low, high] or [driver id, None, None, None, None]]}."""
    out = {}
    for outcome_id, own_items in outcomes:
        if outcome_id not in shown:
            continue
        entries = []
        for driver_id in candidates:
            if driver_id == outcome_id or driver_id in own_items or driver_id not in shown:
                continue
            pairs = [
                (row[driver_id], row[outcome_id])
                for row in rows
                if driver_id in row and outcome_id in row
            ]
            r = pearson(pairs) if len(pairs) >= MIN_RESPONDENTS else None
            if r is None:
                entries.append([driver_id, None, None, None, None])
                continue
            low, high = interval(r, len(pairs))
            entries.append([driver_id, len(pairs), r, low, high])
        out[outcome_id] = entries
    return out


def release_drivers_compute(
    *, survey_round, questions, responses, data: dict, earlier: list[dict]
) -> dict:
    """The drivers of the release `data` (being made from `responses`, an iterable of
    (school id, answers)), trust-wide and per school the release shows as it is now."""
    scores, numeric, items = _variables(survey_round, questions)
    outcomes = [
        (
            variable_id(s["instrument"], s["key"]),
            {variable_id(None, item) for item in s["items"]},
        )
        for s in scores
    ]
    # A question that is a score on its own (ONS4's items) is a driver once, as the score.
    single = {s["items"][0] for s in scores if s["method"] == "item"}
    candidates = [variable_id(s["instrument"], s["key"]) for s in scores] + [
        variable_id(None, q["key"]) for q in numeric if q["key"] not in single
    ]
    urn_of = {g["school_urn"]: g for g in data["groups"] if g["kind"] == "school"}
    by_school: dict[str | None, list] = defaultdict(list)
    for school_urn, answers in responses:
        by_school[school_urn].append(_respondent_values(answers, scores, numeric, items))

    previous = (earlier[-1].get("drivers") or {}).get("groups", {}) if earlier else {}
    groups = {}
    trust = next(g for g in data["groups"] if g["kind"] == "trust")
    if not trust["suppressed"] and "as_at" not in trust:
        rows = [row for school_rows in by_school.values() for row in school_rows]
        groups["trust"] = group_drivers(rows, outcomes, candidates, _shown_variables(trust))
    elif "as_at" in trust and "trust" in previous:
        groups["trust"] = previous["trust"]
    for urn, group in urn_of.items():
        if group["suppressed"]:
            continue
        if "as_at" in group:
            if urn in previous:
                groups[urn] = previous[urn]
            continue
        groups[urn] = group_drivers(
            by_school.get(urn, []), outcomes, candidates, _shown_variables(group)
        )
    return {"min_respondents": MIN_RESPONDENTS, "groups": groups}


# --- reading stored drivers ------------------------------------------------------------------


def outcome_choices(data: dict) -> list[tuple[str, str]]:
    """(outcome id, label) for every score of a release."""
    return [(variable_id(s["instrument"], s["key"]), s["label"]) for s in data.get("scores", [])]


def variable_labels(data: dict) -> dict[str, str]:
    labels = {variable_id(None, q["key"]): q["text"] for q in data.get("questions", [])}
    for s in data.get("scores", []):
        labels[variable_id(s["instrument"], s["key"])] = s["label"]
    return labels


def drivers_of(data: dict, outcome_id: str, group_key: str = "trust") -> list[dict] | None:
    """The drivers of an outcome in one group of a stored release, sorted by |r| (largest
    first, suppressed last); None when the release has none for that group or outcome."""
    entries = ((data.get("drivers") or {}).get("groups", {}).get(group_key) or {}).get(outcome_id)
    if entries is None:
        return None
    labels = variable_labels(data)
    rows = []
    for driver_id, n, r, low, high in entries:
        instrument, key = parse_variable(driver_id)
        row = {
            "id": driver_id,
            "instrument": instrument,
            "key": key,
            "label": labels.get(driver_id, key),
        }
        if n is None:
            rows.append({**row, "n": None, "suppressed": True})
        else:
            rows.append(
                {
                    **row,
                    "n": n,
                    "r": r,
                    "ci_low": low,
                    "ci_high": high,
                    "suppressed": False,
                    "strength": strength(r),
                    "reading": reading(r, low, high),
                }
            )
    rows.sort(key=lambda d: (d["suppressed"], -abs(d.get("r") or 0), d["label"]))
    return rows


def _r3(value: float) -> float:
    # Half up, as the other exports round (round() would round half to even).
    return float(Decimal(repr(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)) + 0.0


EXPORT_COLUMNS = ["instrument", "key", "n", "r", "ci_low", "ci_high", "suppressed"]


def export_json(data: dict, outcome_id: str) -> dict:
    """The trust's drivers of an outcome in the export shape of docs/file-formats.md."""
    instrument, key = parse_variable(outcome_id)
    drivers = []
    for d in drivers_of(data, outcome_id) or []:
        if d["suppressed"]:
            drivers.append(
                {"instrument": d["instrument"], "key": d["key"], "n": None, "suppressed": True}
            )
        else:
            drivers.append(
                {
                    "instrument": d["instrument"],
                    "key": d["key"],
                    "n": d["n"],
                    "r": _r3(d["r"]),
                    "ci_low": _r3(d["ci_low"]),
                    "ci_high": _r3(d["ci_high"]),
                }
            )
    return {
        "round": data["round"],
        "outcome": {"instrument": instrument, "key": key},
        "drivers": drivers,
    }


def export_csv_rows(data: dict, outcome_id: str) -> list[dict]:
    rows = []
    for d in export_json(data, outcome_id)["drivers"]:
        row = {column: d.get(column) for column in EXPORT_COLUMNS}
        row["suppressed"] = "true" if d.get("suppressed") else "false"
        rows.append(row)
    return rows


def interval_chart(rows: list[dict], *, width: int = 640, label_width: int = 230) -> dict:
    """Geometry of a dot-and-interval chart from −1 to 1 (shown drivers only)."""
    row_height, top = 26, 24
    plot = width - label_width - 20

    def x_at(value: float) -> float:
        return round(label_width + (value + 1) / 2 * plot, 1)

    points = []
    for index, row in enumerate(d for d in rows if not d["suppressed"]):
        y = top + index * row_height + row_height // 2
        points.append(
            {
                "label": row["label"],
                "y": y,
                "x": x_at(row["r"]),
                "low": x_at(row["ci_low"]),
                "high": x_at(row["ci_high"]),
                "text": f"r {row['r']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})",
            }
        )
    height = top + len(points) * row_height + 8
    return {
        "width": width,
        "height": height,
        "points": points,
        "label_x": label_width - 8,
        "zero_x": x_at(0),
        "ticks": [{"x": x_at(v), "text": f"{v:g}"} for v in (-1, -0.5, 0, 0.5, 1)],
        "bottom": height,
    }
