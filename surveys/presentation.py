"""Turning stored, suppressed results into what the results page shows (tables and charts)."""

from people.access import Perm, has_perm
from surveys import charts, selectors, stored_results, summaries


def _group_id(group: dict) -> str:
    if group["kind"] == "trust":
        return "trust"
    if group["kind"] == "cluster":
        return f"cluster:{group['cluster']}"
    if group["kind"] == "role":
        return f"{group['school_urn']}/{group['role_group']}"
    if group["kind"] == "department":
        return f"{group['school_urn']}/department/{group['department']}"
    return group["school_urn"]


def _score_label(meta: dict) -> str:
    return meta["label"]


def results_context(*, survey_round, data: dict, user, chosen: str) -> dict:
    groups = selectors.visible_groups(data, user)
    options = [
        {"id": _group_id(g), "label": g["label"], "suppressed": g["suppressed"]} for g in groups
    ]
    by_id = {_group_id(g): g for g in groups}
    if chosen not in by_id:
        schools = [g for g in groups if g["kind"] == "school"]
        chosen = "trust" if len(schools) != 1 else _group_id(schools[0])
    group = by_id[chosen]
    trust = stored_results.group_of(data, kind="trust")
    questions = _questions(data, group)
    scores = _scores(data, group, trust)
    question_groups = _question_groups(survey_round.instruments or {}, questions, scores)
    trend = summaries.trend_series(limit=8)
    return {
        "round": survey_round,
        "data": data,
        "group": group,
        "chosen": chosen,
        "options": options,
        "questions": questions,
        "question_groups": question_groups,
        "score_sections": scores,
        "heat_maps": _heat_maps(data, groups),
        "trend_charts": _trend_charts(trend, data, group),
        "comments": selectors.comments_for(survey_round=survey_round, data=data, user=user),
        "comment_threshold": survey_round.comment_min_group_size,
        "moderate": has_perm(user, Perm.MODERATE_COMMENTS),
        "breakdown": _breakdown(data, groups),
        "departments": _departments(groups, group),
    }


def _departments(groups: list[dict], group: dict) -> dict | None:
    """The departments of the chosen group's school, for the department section of the page.

    Departments are never exported (docs/figures.md, "Survey results export"); on the page
    each shows only at or above the minimum size, all together or not at all (results.py).
    """
    if group["kind"] not in ("school", "role", "department"):
        return None
    rows = [
        {
            "id": _group_id(g),
            "name": g["department"] or "No department given",
            "respondents": g["respondents"],
            "suppressed": g["suppressed"],
            "as_at": g.get("as_at"),
        }
        for g in groups
        if g["kind"] == "department" and g["school_urn"] == group["school_urn"]
    ]
    if not rows:
        return None
    return {"school": group["school_name"], "rows": rows}


def _questions(data: dict, group: dict) -> list[dict]:
    shown = stored_results.figures_by_key(group, "questions")
    out = []
    for index, meta in enumerate(data["questions"]):
        figure = shown.get(meta["key"])
        entry = {
            "meta": meta,
            "figure": figure,
            "hidden": figure is None or figure.get("suppressed", False),
        }
        if not entry["hidden"]:
            n = figure["n"]
            rows = [
                {"label": o["label"], "value": 100 * figure["distribution"][str(o["value"])] / n}
                for o in meta["options"]
            ]
            entry["chart"] = charts.bar_chart(
                title=f"Answers to: {meta['text']} (% of {n})",
                rows=rows,
                max_value=100,
                unit="%",
                label_width=240,
            )
            entry["chart_id"] = f"q{index}"
        out.append(entry)
    return out


def _question_groups(instruments: dict, questions: list[dict], scores: list[dict]) -> list[dict]:
    """The question-by-question entries grouped as a reader looks for them: by section, and
    inside a section by the standard (multi-item score) the questions count in, each group with
    its score for the chosen group when shown. The groups are folded on the page, so the
    summary comes first and the bar charts only when asked for."""
    score_of: dict[str, dict] = {}
    for instrument_key, instrument in instruments.items():
        for score in instrument.get("scores", []):
            if len(score.get("items", [])) > 1:
                rank = len(score_of)
                for item in score["items"]:
                    score_of.setdefault(item, {**score, "instrument": instrument_key, "rank": rank})
    sections: dict[str, int] = {}
    means = {
        (row["meta"]["instrument"], row["meta"]["key"]): row["mean"]
        for section in scores
        for row in section["rows"]
    }
    groups: dict[tuple, dict] = {}
    for entry in questions:
        meta = entry["meta"]
        score = score_of.get(meta["key"])
        title = score["label"] if score else meta["section"] or "Other questions"
        key = (meta["section"], score["instrument"], score["key"]) if score else (title,)
        found = groups.get(key)
        if found is None:
            mean = means.get((score["instrument"], score["key"])) if score else None
            order = score["rank"] if score else len(score_of) + len(groups)
            found = groups[key] = {
                "order": (sections.setdefault(meta["section"], len(sections)), order),
                "title": title,
                "section": meta["section"] if score and meta["section"] != title else "",
                "mean": mean,
                "entries": [],
                "hidden": 0,
            }
        found["entries"].append(entry)
        found["hidden"] += entry["hidden"]
    ordered = sorted(groups.values(), key=lambda g: g["order"])
    for number, found in enumerate(ordered, start=1):
        found["id"] = f"questions-{number}"
    return ordered


def _scores(data: dict, group: dict, trust: dict | None) -> list[dict]:
    shown = stored_results.figures_by_key(group, "scores")
    trust_scores = stored_results.figures_by_key(trust, "scores")
    sections: dict[str, dict] = {}
    for meta in data["scores"]:
        key = (meta["instrument"], meta["key"])
        figure = shown.get(key)
        hidden = figure is None or figure.get("suppressed", False)
        trust_figure = trust_scores.get(key)
        section = sections.setdefault(
            meta["instrument"],
            {"name": meta["instrument_name"], "instrument": meta["instrument"], "rows": []},
        )
        benchmark = meta.get("benchmark") or {}
        mean = None if hidden else figure["mean"]
        trust_mean = (
            None if not trust_figure or trust_figure.get("suppressed") else trust_figure["mean"]
        )
        comparison = None
        if mean is not None and benchmark.get("mean") is not None:
            better = (mean >= benchmark["mean"]) == meta["higher_is_better"]
            comparison = (
                "better than"
                if better and mean != benchmark["mean"]
                else ("the same as" if mean == benchmark["mean"] else "worse than")
            )
        section["rows"].append(
            {
                "meta": meta,
                "hidden": hidden,
                "n": None if hidden else figure["n"],
                "as_at": None if hidden else figure.get("as_at"),
                "mean": mean,
                "bands": []
                if hidden
                else [{"label": b, "pct": figure["bands"].get(b, 0)} for b in meta["bands"]],
                "benchmark": benchmark,
                "comparison": comparison,
                "trust_mean": trust_mean,
            }
        )
    for section in sections.values():
        section["chart"] = charts.bar_chart(
            title=f"{section['name']}: mean scores",
            rows=[_scored_bar(r) for r in section["rows"]],
            max_value=max((r["meta"]["bands"] and 10) or 5 for r in section["rows"])
            if section["rows"]
            else None,
            places=2,
        )
        section["has_bands"] = any(r["meta"]["bands"] for r in section["rows"])
        section["has_benchmark"] = any(r["benchmark"] for r in section["rows"])
    return list(sections.values())


def _scored_bar(row: dict) -> dict:
    """A score's bar with a benchmark beside it: the national figure, else the trust mean."""
    benchmark = row["benchmark"] or {}
    if benchmark.get("mean") is not None:
        mark, label = benchmark["mean"], benchmark.get("label") or "National figure"
    else:
        mark, label = row["trust_mean"], "Trust mean"
    return {"label": row["meta"]["label"], "value": row["mean"], "mark": mark, "mark_label": label}


def _heat_maps(data: dict, groups: list[dict]) -> list[dict]:
    """Per instrument, a heat map of its scores by school (hidden figures stay hidden)."""
    schools = [g for g in groups if g["kind"] in ("trust", "school", "cluster")]
    maps = []
    instruments = {}
    for meta in data["scores"]:
        instruments.setdefault(meta["instrument"], []).append(meta)
    for instrument, metas in instruments.items():
        if len(metas) < 2:
            continue
        values = []
        for group in schools:
            shown = stored_results.figures_by_key(group, "scores")
            row = []
            for meta in metas:
                figure = shown.get((meta["instrument"], meta["key"]))
                row.append(None if figure is None or figure.get("suppressed") else figure["mean"])
            values.append(row)
        numbers = [v for row in values for v in row if v is not None]
        if not numbers:
            continue
        maps.append(
            {
                "id": f"heat-{instrument}",
                "chart": charts.heat_map(
                    title=f"{metas[0]['instrument_name']} by school (mean score)",
                    row_labels=[g["label"] for g in schools],
                    column_labels=[m["label"] for m in metas],
                    values=values,
                    v_min=min(numbers),
                    v_max=max(numbers),
                    higher_is_better=[m["higher_is_better"] for m in metas],
                ),
            }
        )
    return maps


MAX_LINES = 3  # more series than this are drawn as small multiples


def _trend_charts(trend: list[dict], data: dict, group: dict) -> list[dict]:
    """Score means of this group across rounds that share the score (same group identity)."""
    if len(trend) < 2:
        return []
    out = []
    by_instrument: dict[str, list[dict]] = {}
    for meta in data["scores"]:
        by_instrument.setdefault(meta["instrument"], []).append(meta)
    for instrument, metas in by_instrument.items():
        rounds = [d for d in trend if any(s["instrument"] == instrument for s in d["scores"])]
        if len(rounds) < 2:
            continue
        series = []
        for meta in metas:
            values = []
            for round_data in rounds:
                same = _same_group(round_data, group)
                figure = stored_results.figures_by_key(same, "scores").get(
                    (meta["instrument"], meta["key"])
                )
                values.append(
                    None if figure is None or figure.get("suppressed") else figure["mean"]
                )
            series.append({"name": meta["label"], "values": values})
        numbers = [v for s in series for v in s["values"] if v is not None]
        if not numbers:
            continue
        top = 10 if max(numbers) > 5 else 5
        bottom = 0 if top == 10 else 1
        if len(series) > MAX_LINES:  # small multiples instead of a tangle of lines
            out.append(
                {
                    "id": f"trend-{instrument}",
                    "kind": "multiples",
                    "chart": charts.small_multiples(
                        title=f"{metas[0]['instrument_name']}: trend for {group['label']}, "
                        "one small chart per score",
                        x_labels=[d["title"] for d in rounds],
                        axis_labels=[charts.round_axis_label(d) for d in rounds],
                        series=series,
                        y_min=bottom,
                        y_max=top,
                    ),
                }
            )
            continue
        out.append(
            {
                "id": f"trend-{instrument}",
                "chart": charts.line_chart(
                    title=f"{metas[0]['instrument_name']}: trend for {group['label']}",
                    x_labels=[d["title"] for d in rounds],
                    axis_labels=[charts.round_axis_label(d) for d in rounds],
                    series=series,
                    y_min=bottom,
                    y_max=top,
                ),
            }
        )
    out.extend(_question_trends(trend, data, group))
    return out


def _same_group(round_data: dict, group: dict) -> dict | None:
    return stored_results.group_of(
        round_data,
        kind=group["kind"],
        school_urn=group["school_urn"],
        role_group=group["role_group"],
        cluster=group["cluster"],
        department=group.get("department"),
    )


def _question_trends(trend: list[dict], data: dict, group: dict) -> list[dict]:
    """Means of the round's own numeric questions (not instrument items) across rounds."""
    custom = [q for q in data["questions"] if q["numeric"] and not q["instrument"]]
    out = []
    for index, meta in enumerate(custom):
        rounds = [d for d in trend if any(q["key"] == meta["key"] for q in d["questions"])]
        if len(rounds) < 2:
            continue
        values = []
        for round_data in rounds:
            shown = stored_results.figures_by_key(_same_group(round_data, group), "questions")
            figure = shown.get(meta["key"])
            values.append(None if figure is None or figure.get("suppressed") else figure["mean"])
        if all(v is None for v in values):
            continue
        out.append(
            {
                "id": f"trend-question-{index}",
                "chart": charts.line_chart(
                    title=f"Mean answer over time, {group['label']}: {meta['text']}",
                    x_labels=[d["title"] for d in rounds],
                    axis_labels=[charts.round_axis_label(d) for d in rounds],
                    series=[{"name": "Mean", "values": values}],
                    y_min=meta["min"],
                    y_max=meta["max"],
                ),
            }
        )
    return out


def _breakdown(data: dict, groups: list[dict]) -> list[dict]:
    """Respondents of each visible group (hidden where suppressed)."""
    return [
        {
            "label": g["label"],
            "kind": g["kind"],
            "respondents": g["respondents"],
            "suppressed": g["suppressed"],
            "as_at": g.get("as_at"),
            "id": _group_id(g),
        }
        for g in groups
    ]
