"""A readable comparison of two charter versions: sections and pledges added, removed, changed.

Sections and pledges are matched by the key they keep from version to version. Wording changes
are marked word by word with difflib, as <ins>/<del> carrying visually hidden labels, so screen
reader users hear what was added and removed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKENS = re.compile(r"\s+|[^\s]+")


def wording_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with the words removed from `old` and added to it marked."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                '<del class="charter-del"><span class="visually-hidden">removed: </span>'
                f"{escape(''.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                '<ins class="charter-ins"><span class="visually-hidden">added: </span>'
                f"{escape(''.join(b[j1:j2]))}</ins>"
            )
    return mark_safe("".join(parts))  # every piece of text above is escaped


@dataclass
class FieldChange:
    label: str
    diff: SafeString


@dataclass
class PledgeChange:
    kind: str  # added, removed, changed, unchanged
    commitment: str
    pledge: object  # the newer pledge, or the removed one
    changes: list[FieldChange] = field(default_factory=list)
    moved_from: str = ""


@dataclass
class SectionChange:
    kind: str  # added, removed, changed, unchanged
    title: str
    title_diff: SafeString | None
    pledges: list[PledgeChange]
    introduction_diff: SafeString | None = None
    number: int | str = ""  # the section's number in the newer version (older if removed)

    @property
    def has_changes(self) -> bool:
        return self.kind != "unchanged" or any(p.kind != "unchanged" for p in self.pledges)


@dataclass
class Comparison:
    old: object
    new: object
    sections: list[SectionChange]
    introduction_diff: SafeString | None
    title_diff: SafeString | None

    def count(self, kind: str) -> int:
        return sum(1 for s in self.sections for p in s.pledges if p.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")


def _text_change(label, old, new) -> FieldChange | None:
    if (old or "") == (new or ""):
        return None
    return FieldChange(label=label, diff=wording_diff(str(old or "—"), str(new or "—")))


def _pledge_changes(old, new, measure_label) -> list[FieldChange]:
    candidates = [
        _text_change("Commitment", old.commitment, new.commitment),
        _text_change("Detail", old.detail, new.detail),
        _text_change("Owner", old.owner_label, new.owner_label),
        _text_change(
            "Review date",
            old.review_on.strftime("%-d %B %Y") if old.review_on else "",
            new.review_on.strftime("%-d %B %Y") if new.review_on else "",
        ),
        _text_change(
            "Measure",
            measure_label(old.measure_key) if old.measure_key else "",
            measure_label(new.measure_key) if new.measure_key else "",
        ),
    ]
    return [c for c in candidates if c]


def versions_compare(old, new, *, measure_label=lambda key: key) -> Comparison:
    """Compare two versions whose sections and pledges are already loaded (prefetched)."""
    old_sections = {s.key: s for s in old.sections.all()}
    new_sections = {s.key: s for s in new.sections.all()}
    old_pledges = {p.key: (p, s) for s in old_sections.values() for p in s.pledges.all()}
    new_pledge_keys = {p.key for s in new_sections.values() for p in s.pledges.all()}

    result = []
    for section in new.sections.all():
        before = old_sections.get(section.key)
        pledges = []
        for pledge in section.pledges.all():
            if pledge.key not in old_pledges:
                pledges.append(PledgeChange("added", pledge.commitment, pledge))
                continue
            old_pledge, old_section = old_pledges[pledge.key]
            changes = _pledge_changes(old_pledge, pledge, measure_label)
            moved = old_section.title if old_section.key != section.key else ""
            kind = "changed" if changes or moved else "unchanged"
            pledges.append(PledgeChange(kind, pledge.commitment, pledge, changes, moved))
        if before is not None:
            for old_pledge in before.pledges.all():
                if old_pledge.key not in new_pledge_keys:
                    pledges.append(PledgeChange("removed", old_pledge.commitment, old_pledge))
        if before is None:
            kind, title_diff, intro_diff = "added", None, None
        else:
            title_diff = (
                wording_diff(before.title, section.title) if before.title != section.title else None
            )
            intro_diff = (
                wording_diff(before.introduction, section.introduction)
                if before.introduction != section.introduction
                else None
            )
            kind = "changed" if title_diff or intro_diff else "unchanged"
        number = getattr(section, "number", "")
        result.append(SectionChange(kind, section.title, title_diff, pledges, intro_diff, number))
    for section in old.sections.all():
        if section.key not in new_sections:
            pledges = [
                PledgeChange("removed", p.commitment, p)
                for p in section.pledges.all()
                if p.key not in new_pledge_keys
            ]
            number = getattr(section, "number", "")
            result.append(SectionChange("removed", section.title, None, pledges, None, number))
    return Comparison(
        old=old,
        new=new,
        sections=result,
        introduction_diff=(
            wording_diff(old.introduction, new.introduction)
            if old.introduction != new.introduction
            else None
        ),
        title_diff=wording_diff(old.title, new.title) if old.title != new.title else None,
    )
