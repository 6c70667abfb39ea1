"""Charter text is Markdown shown sanitised, everywhere it appears."""

import pytest

from common.markup import render_markdown
from tests.charters.helpers import published_charter

NASTY = (
    "Hello <script>alert('x')</script> and [click](javascript:alert(1)) "
    '<a href="JaVaScRiPt:alert(2)" onclick="steal()">here</a> <img src=x onerror="alert(3)">'
)


def test_script_tags_are_removed_with_their_content():
    html = render_markdown(NASTY)
    assert "<script" not in html and "alert('x')" not in html


def test_javascript_links_lose_their_href():
    html = render_markdown(NASTY)
    assert "javascript:" not in html.lower()
    assert "onclick" not in html and "onerror" not in html and "<img" not in html


def test_ordinary_markdown_is_kept():
    html = render_markdown("Some *emphasis*\n\n- one\n- [two](https://example.org)")
    assert "<em>emphasis</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">two</a>' in html


@pytest.mark.django_db
def test_the_charter_page_shows_harmful_markdown_harmless(cast, client_for):
    charter = published_charter(
        cast.hr, pledges=[("Voice", [{"commitment": "We will listen.", "detail": NASTY}])]
    )
    body = client_for(cast.staff_a).get(f"/charters/{charter.pk}/").content.decode()
    assert "We will listen." in body
    assert "alert(" not in body and "javascript:" not in body.lower() and "onclick" not in body
    print_body = client_for(cast.staff_a).get(f"/charters/{charter.pk}/v1/print/").content.decode()
    assert "alert(" not in print_body and "javascript:" not in print_body.lower()


def test_headings_are_dropped_unless_a_level_is_given():
    from common.markup import render_markdown

    assert render_markdown("# Welcome\n\nText") == "Welcome\n<p>Text</p>"


def test_the_top_heading_is_shown_at_the_level_given_and_the_rest_below():
    html = render_markdown("### Welcome\n\n#### Why\n\n###### Deep", 2)
    assert html == "<h2>Welcome</h2>\n<h3>Why</h3>\n<h5>Deep</h5>"


def test_shifted_headings_stop_at_h6():
    assert render_markdown("# One\n\n## Two\n\n### Three", 5) == (
        "<h5>One</h5>\n<h6>Two</h6>\n<h6>Three</h6>"
    )


def test_a_commitment_keeps_emphasis_only():
    from common.markup import plain_text, render_inline

    text = "We will **never** [email](https://x.org) *late*<script>x()</script>"
    assert render_inline(text) == "We will <strong>never</strong> email <em>late</em>"
    assert plain_text(text) == "We will never email late"
