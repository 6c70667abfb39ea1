"""The codes an import accepts, for the import pages' help (always the model's own lists)."""

from django import template

from absence.models import AbsenceCategory, SicknessReason

register = template.Library()


@register.simple_tag
def absence_codes() -> dict:
    return {"categories": AbsenceCategory.choices, "reasons": SicknessReason.choices}
