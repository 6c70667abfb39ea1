"""Template helpers for forms: the error summary lists each distinct message once."""

from django import template

register = template.Library()


@register.filter
def unique_messages(messages) -> list[str]:
    """Messages in their order, each identical one kept once."""
    return list(dict.fromkeys(str(message) for message in messages))
