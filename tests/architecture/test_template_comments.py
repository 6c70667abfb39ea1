"""Django's {# ... #} comment ends at the end of its line: one spread over several lines is shown
on the page as text. Longer comments use {% comment %}."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
OPENED_NOT_CLOSED = re.compile(r"\{#(?:(?!#\}).)*$", re.MULTILINE)


def unclosed_comments(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OPENED_NOT_CLOSED.search(line):
                found.append(f"{path.relative_to(root)}:{number}")
    return found


def test_no_template_comment_runs_over_a_line():
    assert unclosed_comments(TEMPLATES) == []


def test_the_check_finds_a_comment_over_two_lines(tmp_path):
    (tmp_path / "page.html").write_text("{# one line #}\n{# starts here\n   ends here #}\n")
    assert unclosed_comments(tmp_path) == ["page.html:2"]
