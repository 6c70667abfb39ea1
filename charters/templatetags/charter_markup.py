from django import template

from charters.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text or "")


@register.filter(name="measure_label")
def measure_label_filter(key):
    from charters.measures import measure_label

    return measure_label(key) if key else ""
