"""Email hours: HR uploads a message trace; HR, trustees, heads and governors see the term's
share of email sent in quiet hours (their own schools for heads and governors)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from common.csvrows import CsvImportError
from email_hours import selectors, services
from email_hours.forms import TraceUploadForm
from email_hours.measures import measured_term
from email_hours.models import SenderGroup
from people.access import Perm, has_perm, has_trust_perm, require, schools_for
from school_calendar.terms import SchoolCalendar


def _term_choice(request) -> tuple[str | None, list[str]]:
    terms = SchoolCalendar().terms
    keys = sorted(terms, key=lambda k: terms[k].first_day)
    default = measured_term(timezone.localdate())
    chosen = request.GET.get("term") or default
    return (chosen if chosen in keys else default), keys


@require(Perm.VIEW_DASHBOARD)
def overview(request):
    term, terms = _term_choice(request)
    schools = list(schools_for(request.user, Perm.VIEW_DASHBOARD).order_by("name"))
    figures = selectors.term_figures(term, schools) if term else None
    trust_wide = has_trust_perm(request.user, Perm.VIEW_DASHBOARD)
    named = []
    if figures:
        if trust_wide:
            named.append(("Whole trust", figures["trust"]))
        named += [(s.name, figures["schools"].get(s.pk)) for s in schools]
    rows = [
        {
            "name": name,
            "cells": [
                f["central_and_leaders"],
                *(f["groups"][g] for g in selectors.GROUPS),
                f["all"],
            ]
            if f
            else None,
        }
        for name, f in named
    ]
    return render(
        request,
        "email_hours/overview.html",
        {
            "term": term,
            "terms": terms,
            "rows": rows,
            "groups": SenderGroup.choices,
            "has_data": figures is not None,
            "may_upload": has_perm(request.user, Perm.UPLOAD_MESSAGE_TRACE),
        },
    )


@require(Perm.UPLOAD_MESSAGE_TRACE)
def upload(request):
    form = TraceUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            done, counted = services.trace_upload(
                data=form.cleaned_data["file"], user=request.user, today=timezone.localdate()
            )
        except CsvImportError as error:
            problems = error.problems
        else:
            note = f" {counted.read_note}" if counted.read_note else ""
            messages.success(
                request,
                f"Counted {done.messages} messages sent by staff from {done.first_day:%-d %B %Y} "
                f"to {done.last_day:%-d %B %Y} into {len(counted.weeks)} weekly counts; "
                f"{done.external} from outside the trust and {done.unmatched} from trust "
                f"addresses matching no staff record were left out. Nothing else from the file "
                f"was kept.{note}",
            )
            return redirect("email_hours:upload")
    return render(
        request,
        "email_hours/upload.html",
        {"form": form, "problems": problems, "uploads": selectors.latest_uploads()},
    )
