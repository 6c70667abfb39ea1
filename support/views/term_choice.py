"""The term a people page shows: from its form, else the current term."""

from school_calendar.terms import current_term
from support.forms import (
    TermForm,
)


def term_from(request) -> tuple[TermForm, str]:
    form = TermForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["term"]
    current = current_term().key
    return (form if request.GET else TermForm(initial={"term": current})), current
