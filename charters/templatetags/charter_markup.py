from django import template

from common.markup import plain_text, render_inline, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, heading_level=None):
    """`text|markdown` drops headings; `text|markdown:3` keeps them, the top one as an h3."""
    return render_markdown(text or "", int(heading_level) if heading_level else None)


@register.filter(name="inline_markdown")
def inline_markdown_filter(text):
    return render_inline(text or "")


@register.filter(name="plain")
def plain_filter(text):
    return plain_text(text or "")


@register.filter(name="measure_label")
def measure_label_filter(key):
    from charters.measures import measure_label

    return measure_label(key) if key else ""
