"""Section and pledge numbers (1, 1.1, 1.2 …): worked out from the order, never typed.

A published version never changes, so its numbers stay the same for as long as it is shown.
Numbers that authors type at the start of a heading or pledge are dropped, so they never appear
twice ("1. 1. We will…").
"""

import re

# "1." "2)" "1.2." "1.2)" and "2.3 We…" (a dotted number before a capitalised word); a bare
# "2 surveys a year" or "2.5 days" is part of the sentence and is kept. Markdown escapes the dot
# of a number that starts a line ("1\."), so an escaped dot counts too.
_TYPED_NUMBER = re.compile(
    r"^\s*(?:\d+(?:\\?\.\d+)*\\?[.)]\s+|\d+(?:\\?\.\d+)+\s+(?=[A-Z*_“\"'‘(]))"
)


def strip_typed_number(text: str) -> str:
    return _TYPED_NUMBER.sub("", text or "", count=1).strip()


def number_version(version) -> None:
    """Set `.number` on the loaded (prefetched) sections and pledges of a version."""
    for s_index, section in enumerate(version.sections.all(), start=1):
        section.number = s_index
        for p_index, pledge in enumerate(section.pledges.all(), start=1):
            pledge.number = f"{s_index}.{p_index}"
