"""Reading a round's stored results (a `Release` or `RoundResults`, built by `surveys.results`):
one group's figures, and the JSON and CSV exports. Nothing here recomputes or unhides a figure."""

from decimal import ROUND_HALF_UP, Decimal

EXPORT_GROUP_KEYS = ("school_urn", "role_group", "respondents", "suppressed")


def _r2(value):
    # Half up, as for the absence figures (round() would give 2.12 for 2.125).
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _in_order(mapping: dict, order: list) -> dict:
    # Stored results come back from jsonb with keys re-sorted; export them in scale/band order.
    rank = {key: i for i, key in enumerate(order)}
    return {key: mapping[key] for key in sorted(mapping, key=lambda k: rank.get(k, len(rank)))}


def export_group(group: dict, data: dict | None = None) -> dict:
    """A stored group in exactly the export shape of docs/figures.md (rounded to 2 places)."""
    values = {
        q["key"]: [str(o["value"]) for o in q["options"]] for q in (data or {}).get("questions", [])
    }
    bands = {(s["instrument"], s["key"]): s["bands"] for s in (data or {}).get("scores", [])}
    out = {key: group[key] for key in EXPORT_GROUP_KEYS}
    if group["suppressed"]:
        return out
    out["questions"] = [
        q
        if q.get("suppressed")
        else {
            "key": q["key"],
            "n": q["n"],
            "mean": _r2(q["mean"]),
            "distribution": _in_order(q["distribution"], values.get(q["key"], [])),
        }
        for q in group["questions"]
    ]
    out["scores"] = [
        s
        if s.get("suppressed")
        else {
            "instrument": s["instrument"],
            "key": s["key"],
            "n": s["n"],
            "mean": _r2(s["mean"]),
            "bands": {
                label: _r2(pct)
                for label, pct in _in_order(
                    s["bands"], bands.get((s["instrument"], s["key"]), [])
                ).items()
            },
        }
        for s in group["scores"]
    ]
    return out


def export_json(data: dict) -> dict:
    return {
        "round": data["round"],
        "min_group_size": data["min_group_size"],
        "invited": data["invited"],
        "responded": data["responded"],
        "groups": [export_group(g, data) for g in data["groups"] if g["exported"]],
    }


CSV_COLUMNS = [
    "round",
    "school_urn",
    "role_group",
    "respondents",
    "suppressed",
    "type",
    "instrument",
    "key",
    "n",
    "mean",
    "distribution",
    "bands",
]


def export_csv_rows(data: dict) -> list[dict]:
    """One row per group and question or score (one row for a suppressed group)."""
    import json

    rows = []
    for group in export_json(data)["groups"]:
        base = {"round": data["round"], **{key: group[key] for key in EXPORT_GROUP_KEYS}}
        if group["suppressed"]:
            rows.append(base)
            continue
        for q in group["questions"]:
            row = {
                **base,
                "type": "question",
                "key": q["key"],
                "n": q["n"],
                "suppressed": q.get("suppressed", False),
            }
            if not q.get("suppressed"):
                row.update(mean=q["mean"], distribution=json.dumps(q["distribution"]))
            rows.append(row)
        for s in group["scores"]:
            row = {
                **base,
                "type": "score",
                "instrument": s["instrument"],
                "key": s["key"],
                "n": s["n"],
            }
            row["suppressed"] = s.get("suppressed", False)
            if not s.get("suppressed"):
                row.update(mean=s["mean"], bands=json.dumps(s["bands"]))
            rows.append(row)
    return [{key: _csv_cell(value) for key, value in row.items()} for row in rows]


def _csv_cell(value):
    # Booleans are spelt as in the JSON export, not as Python writes them.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def group_of(
    data: dict, *, kind: str, school_urn=None, role_group=None, cluster=None, department=None
) -> dict | None:
    wanted = (kind, school_urn, role_group, cluster, department)
    for group in data["groups"]:
        found = (group["kind"], group["school_urn"], group["role_group"], group["cluster"])
        if found + (group.get("department"),) == wanted:
            return group
    return None


def figures_by_key(group: dict | None, part: str) -> dict:
    """{key: figure} for a group's questions (part="questions") or scores ("scores")."""
    if not group or group["suppressed"]:
        return {}
    if part == "scores":
        return {(s["instrument"], s["key"]): s for s in group["scores"]}
    return {q["key"]: q for q in group["questions"]}
