"""The pages of a survey, short enough to answer on a phone.

Questions keep their sections. A section longer than MAX_PER_PAGE questions is split: an
instrument's items go by the scores they feed (the HSE tool's seven management standards make
natural pages), and any group still too long is cut into near-equal parts.
"""

from dataclasses import dataclass, field
from itertools import groupby
from math import ceil

MAX_PER_PAGE = 8


@dataclass
class SurveyPage:
    section: str
    part: str = ""
    questions: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.section}: {self.part}" if self.part else self.section


def _by_score(questions, instruments: dict) -> list[tuple[str, list]]:
    """Questions grouped by the instrument score they count in, in the instrument's order;
    questions in no multi-item score stay together at the end."""
    remaining = list(questions)
    groups = []
    scores = [
        score
        for key in dict.fromkeys(q.instrument_key for q in questions if q.instrument_key)
        for score in instruments.get(key, {}).get("scores", [])
        if len(score.get("items", [])) > 1
    ]
    for score in scores:
        items = set(score["items"])
        members = [q for q in remaining if q.key in items]
        if members:
            groups.append((score.get("label", ""), members))
            remaining = [q for q in remaining if q.key not in items]
    if remaining:
        groups.append(("Other questions" if groups else "", remaining))
    return groups


def _parts(label: str, questions: list) -> list[tuple[str, list]]:
    count = ceil(len(questions) / MAX_PER_PAGE)
    if count == 1:
        return [(label, questions)]
    size = ceil(len(questions) / count)
    return [
        (
            f"{label} (part {number} of {count})" if label else f"Part {number} of {count}",
            questions[start : start + size],
        )
        for number, start in enumerate(range(0, len(questions), size), start=1)
    ]


def survey_pages(questions, instruments: dict) -> list[SurveyPage]:
    """The round's pages, in order; `questions` in question order."""
    pages = []
    for section, items in groupby(questions, key=lambda q: q.section):
        items = list(items)
        if len(items) <= MAX_PER_PAGE:
            pages.append(SurveyPage(section, "", items))
            continue
        for label, group in _by_score(items, instruments):
            for part, chunk in _parts(label, group):
                pages.append(SurveyPage(section, part, chunk))
    return pages
