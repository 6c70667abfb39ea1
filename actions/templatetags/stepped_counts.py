"""{{ count|at_least:k }}: a count as people may see it (None below k, else a multiple of k)."""

from django import template

from people.anonymity import at_least as stepped

register = template.Library()


@register.filter
def at_least(count, k):
    return stepped(int(count or 0), int(k))
