"""The term dates page (HR): the trust's and each school's terms, a CSV upload and one term's form.

Served under /workload/terms/ (workload/urls.py), where HR has always found it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from common.csvrows import CsvImportError
from people.access import Perm, require
from people.confirm import confirm_page
from people.forms import CsvUploadForm
from school_calendar import services
from school_calendar.forms import TermForm
from school_calendar.models import Term


@require(Perm.MANAGE_WORKLOAD_RULES)
def terms(request):
    posted = request.method == "POST"
    form = CsvUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        try:
            result = services.term_import(
                data=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
        except CsvImportError as error:
            problems = error.problems
        else:
            messages.success(request, ("Check only: " if result.dry_run else "") + result.summary())
            return redirect("workload:terms")
    rows = Term.objects.select_related("school").order_by(
        "-academic_year", "first_day", "school__urn"
    )
    return render(
        request, "school_calendar/terms.html", {"form": form, "problems": problems, "terms": rows}
    )


def _term_form_page(request, term=None):
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.term_save(
                values={f: form.cleaned_data.get(f) for f in services.TERM_FIELDS}, term=term
            )
        except ValidationError as error:
            for name, messages_ in error.message_dict.items():
                for message in messages_:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, f"{saved} is saved.")
            return redirect("workload:terms")
    return render(request, "school_calendar/term_form.html", {"form": form, "term": term})


@require(Perm.MANAGE_WORKLOAD_RULES)
def term_new(request):
    return _term_form_page(request)


@require(Perm.MANAGE_WORKLOAD_RULES)
def term_edit(request, pk):
    return _term_form_page(request, get_object_or_404(Term.objects.select_related("school"), pk=pk))


@require(Perm.MANAGE_WORKLOAD_RULES)
def term_delete(request, pk):
    term = get_object_or_404(Term.objects.select_related("school"), pk=pk)
    label = str(term)
    if request.method != "POST":
        fallback = (
            f"the trust's dates for {term.school.name}"
            if term.school
            else "no trust dates (schools' own dates still apply)"
        )
        return confirm_page(
            request,
            title=f"Delete {label}?",
            what=f"{label} runs from {term.first_day:%-d %B %Y} to {term.last_day:%-d %B %Y}."
            f" Once deleted, figures for that time use {fallback}.",
            consequences=[
                "Working days, absence rates and reports not yet built change to match.",
                "Reports already built keep the figures they were built with.",
            ],
            undo="Only by adding the term again with the same dates.",
            button=f"Delete {label}",
            cancel_url=reverse("workload:term_edit", kwargs={"pk": term.pk}),
        )
    services.term_delete(term=term)
    messages.success(request, f"{label} is deleted.")
    return redirect("workload:terms")
