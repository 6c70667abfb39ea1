"""The one way charter text (Markdown written by HR) becomes HTML: rendered, then sanitised.

Three shapes: block text (introductions and details), which may keep headings shifted to sit
under the page's own; inline text (a pledge's commitment: emphasis only); and plain text, for
places where markup has no meaning (screen-reader labels, the termly report).
"""

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

BLOCK_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
}
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
INLINE_TAGS = {"strong", "em", "b", "i", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _ShiftHeadings(Treeprocessor):
    """Moves the text's own headings so its top level becomes `top` (h2…h6, never above)."""

    def __init__(self, md, top: int):
        super().__init__(md)
        self.top = top

    def run(self, root):
        found = [el for el in root.iter() if el.tag in HEADINGS]
        if not found:
            return
        shift = self.top - min(int(el.tag[1]) for el in found)
        for el in found:
            el.tag = f"h{min(6, max(2, int(el.tag[1]) + shift))}"


class _ShiftHeadingsExtension(Extension):
    def __init__(self, top: int):
        super().__init__()
        self.top = top

    def extendMarkdown(self, md):
        md.treeprocessors.register(_ShiftHeadings(md, self.top), "shift_headings", 1)


def _clean(html_text: str, tags: set[str]) -> str:
    return nh3.clean(
        html_text,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str, heading_level: int | None = None) -> SafeString:
    """Markdown to sanitised HTML: scripts, event handlers and javascript: links are removed.

    Without `heading_level` headings become plain text (the text sits under the page's own
    headings); with it, the text's top heading is rendered at that level and the rest below.
    """
    if not text:
        return mark_safe("")
    extensions = ["sane_lists"]
    tags = BLOCK_TAGS
    if heading_level:
        extensions.append(_ShiftHeadingsExtension(heading_level))
        tags = BLOCK_TAGS | HEADING_TAGS
    html_text = markdown.markdown(text, extensions=extensions, output_format="html")
    return mark_safe(_clean(html_text, tags))  # nh3 has removed everything unsafe


def render_inline(text: str) -> SafeString:
    """One line of Markdown (a commitment) to sanitised HTML with emphasis only, no paragraph."""
    if not text:
        return mark_safe("")
    html_text = markdown.markdown(text, output_format="html")
    return mark_safe(_clean(html_text, INLINE_TAGS).strip())  # only emphasis tags are left


def plain_text(text: str) -> str:
    """The words of a line of Markdown without its markup, e.g. for a report or a label."""
    if not text:
        return ""
    html_text = markdown.markdown(text, output_format="html")
    words = nh3.clean(html_text, tags=set(), strip_comments=True)  # scripts go with their text
    return " ".join(html.unescape(words).split())
