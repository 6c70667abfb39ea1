"""Terms are written in words wherever people read them."""

import pytest
from django.template import Context, Template

from people.term_words import term_in_words, terms_in_words


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("2026-27-autumn", "Autumn term 2026"),
        ("2026-27-spring", "Spring term 2027"),
        ("2026-27-summer", "Summer term 2027"),
        ("1999-00-summer", "Summer term 2000"),
        ("not a term", "not a term"),
        (None, ""),
    ],
)
def test_a_term_key_in_words(key, words):
    assert term_in_words(key) == words


def test_several_terms_and_the_builtin_filter():
    assert terms_in_words(["2025-26-autumn", "2025-26-spring", "2025-26-summer"]) == (
        "Autumn term 2025, Spring term 2026 and Summer term 2026"
    )
    rendered = Template("{{ key|term_words }}; {{ keys|terms_words }}").render(
        Context({"key": "2025-26-spring", "keys": ["2025-26-autumn"]})
    )
    assert rendered == "Spring term 2026; Autumn term 2025"
