"""The tables a round's results are built from: its questions and scores described as plain data,
the respondents' answers summed per cell, and one group's figures from its sums.

surveys.results describes the round to the anonymity engine and plans each release; it decides
which of these figures a release shows, holds or hides, and passes that here as the hidden sets.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from surveys.instruments import band_for, score_for_respondent


@dataclass
class Cell:
    """Sums for the respondents sharing one (school, role group)."""

    respondents: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    answered: dict = field(default_factory=lambda: defaultdict(int))
    score_n: dict = field(default_factory=lambda: defaultdict(int))
    score_sum: dict = field(default_factory=lambda: defaultdict(float))
    bands: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, other: "Cell") -> None:
        self.respondents += other.respondents
        for key, counts in other.counts.items():
            mine = self.counts[key]
            for value, count in counts.items():
                mine[value] += count
        for key, n in other.answered.items():
            self.answered[key] += n
        for key, n in other.score_n.items():
            self.score_n[key] += n
            self.score_sum[key] += other.score_sum[key]
        for key, bands in other.bands.items():
            for label, count in bands.items():
                self.bands[key][label] += count


def question_meta(questions) -> list[dict]:
    return [
        {
            "key": q.key,
            "text": q.text,
            "kind": q.kind,
            "section": q.section,
            "instrument": q.instrument_key,
            "numeric": q.is_numeric,
            "options": [{"value": int(o["value"]), "label": str(o["label"])} for o in q.options],
            "min": min(q.values) if q.values else None,
            "max": max(q.values) if q.values else None,
            "reverse": q.reverse,
        }
        for q in questions
        if q.kind != "text"
    ]


def score_meta(instruments: dict, question_keys: set[str]) -> list[dict]:
    """Scores of the round's instruments that its items allow.

    HR may pick an instrument's items one by one. A `mean` score is computed from the items
    present (its label says how many of its items, and the national benchmark, measured on all
    of them, is dropped); `item` and `sum_lookup` scores need every item, since a sum of some
    items cannot be looked up in a table made for all of them.
    """
    scores = []
    for instrument_key, instrument in instruments.items():
        for score in instrument.get("scores", []):
            present = [item for item in score["items"] if item in question_keys]
            if not present:
                continue
            if len(present) < len(score["items"]):
                if score["method"] != "mean":
                    continue
                score = {
                    **score,
                    "items": present,
                    "label": f"{score['label']} ({len(present)} of {len(score['items'])} items)",
                    "benchmark": None,
                    "partial": True,
                }
            scores.append(
                {
                    "instrument": instrument_key,
                    "instrument_name": instrument.get("name", ""),
                    **score,
                }
            )
    return scores


def accumulate(
    cell: Cell, answers: dict, questions: list[dict], scores: list[dict], items: dict
) -> None:
    cell.respondents += 1
    for question in questions:
        value = answers.get(question["key"])
        if value is None or value == []:
            continue
        cell.answered[question["key"]] += 1
        counts = cell.counts[question["key"]]
        if isinstance(value, list):
            for one in value:
                counts[int(one)] += 1
        else:
            counts[int(value)] += 1
    for score in scores:
        result = score_for_respondent(score, answers, items)
        if result is None:
            continue
        score_key = (score["instrument"], score["key"])
        cell.score_n[score_key] += 1
        cell.score_sum[score_key] += result
        band = band_for(score, result)
        if band is not None:
            cell.bands[score_key][band] += 1


@dataclass
class Group:
    kind: str  # trust, cluster, school, role
    label: str
    order: tuple
    school_urn: str | None = None
    school_name: str | None = None
    role_group: str | None = None
    cluster: str | None = None
    department: str | None = None
    exported: bool = True
    cell: Cell = field(default_factory=Cell)
    suppressed: bool = False

    @property
    def respondents(self) -> int:
        return self.cell.respondents


def group_figures(
    group: Group,
    questions: list[dict],
    scores: list[dict],
    k: int,
    hidden_questions: set = frozenset(),
    hidden_scores: set = frozenset(),
) -> dict:
    base = {
        "kind": group.kind,
        "label": group.label,
        "school_urn": group.school_urn,
        "school_name": group.school_name,
        "role_group": group.role_group,
        "cluster": group.cluster,
        "department": group.department,
        "exported": group.exported,
    }
    if group.suppressed:
        return {**base, "respondents": None, "suppressed": True}
    cell = group.cell
    question_rows = []
    for question in questions:
        n = cell.answered.get(question["key"], 0)
        if n < k or question["key"] in hidden_questions:
            question_rows.append({"key": question["key"], "n": None, "suppressed": True})
            continue
        counts = cell.counts.get(question["key"], {})
        distribution = {str(o["value"]): counts.get(o["value"], 0) for o in question["options"]}
        mean = sum(v * c for v, c in counts.items()) / n if question["numeric"] else None
        question_rows.append(
            {"key": question["key"], "n": n, "mean": mean, "distribution": distribution}
        )
    score_rows = []
    for score in scores:
        score_key = (score["instrument"], score["key"])
        n = cell.score_n.get(score_key, 0)
        if n < k or score_key in hidden_scores:
            score_rows.append(
                {
                    "instrument": score["instrument"],
                    "key": score["key"],
                    "n": None,
                    "suppressed": True,
                }
            )
            continue
        bands = {
            b["label"]: 100 * cell.bands[score_key].get(b["label"], 0) / n
            for b in score.get("bands") or []
        }
        mean = cell.score_sum[score_key] / n
        score_rows.append(
            {
                "instrument": score["instrument"],
                "key": score["key"],
                "n": n,
                "mean": mean,
                "bands": bands,
            }
        )
    return {
        **base,
        "respondents": group.respondents,
        "suppressed": False,
        "questions": question_rows,
        "scores": score_rows,
    }
