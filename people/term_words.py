"""Term keys ("2026-27-autumn") written as people read them ("Autumn term 2026").

Keys stay the machine form in files, URLs and exports (docs/file-formats.md); every page, PDF
and message written for people uses these words instead. Autumn falls in the academic year's
first calendar year, spring and summer in its second.
"""

import re

_KEY = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})-(?P<term>autumn|spring|summer)$")


def term_in_words(key) -> str:
    """'2026-27-autumn' -> 'Autumn term 2026', '2026-27-spring' -> 'Spring term 2027'.

    Anything that is not a term key comes back unchanged, so a label never disappears.
    """
    found = _KEY.match(str(key or ""))
    if not found:
        return "" if key is None else str(key)
    start = int(found["start"])
    year = start if found["term"] == "autumn" else start + 1
    return f"{found['term'].capitalize()} term {year}"


def terms_in_words(keys) -> str:
    """Several terms as one phrase: 'Autumn term 2026 and Spring term 2027'."""
    words = [term_in_words(k) for k in keys or []]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
