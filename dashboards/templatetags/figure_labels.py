"""Readable labels for the snake_case keys and codes stored in frozen report figures."""

from django import template

register = template.Library()


@register.filter
def figure_label(key) -> str:
    """'first_aiders_per_50_staff' -> 'First aiders per 50 staff'."""
    text = str(key).replace("_pct", " (%)").replace("_", " ").strip()
    return text[:1].upper() + text[1:]
