"""Data drops (with each school's yearly maximum) and workload impact assessments."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from people.access import Perm, has_perm, require
from school_calendar.terms import academic_year_for
from workload import selectors, services
from workload.forms import (
    DataDropForm,
    ImpactAssessmentForm,
)


@require(Perm.VIEW_WORKLOAD)
def data_drops(request):
    academic_year = academic_year_for(timezone.localdate())
    by_school: dict = {}
    for drop in selectors.data_drops_visible(user=request.user, academic_year=academic_year):
        by_school.setdefault(drop.school, []).append(drop)
    return render(
        request,
        "workload/data_drops.html",
        {
            "academic_year": academic_year,
            "by_school": list(by_school.items()),
            "can_add": has_perm(request.user, Perm.MANAGE_DATA_DROPS),
        },
    )


@require(Perm.MANAGE_DATA_DROPS)
def data_drop_new(request):
    form = DataDropForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.data_drop_add(created_by=request.user, **form.cleaned_data)
        except services.DataDropRefused as refused:
            form.add_error("override_reason", str(refused))
        else:
            messages.success(request, "The data drop is on the calendar.")
            return redirect("workload:data_drops")
    return render(
        request,
        "workload/simple_form.html",
        {
            "form": form,
            "title": "Add a data drop",
            "intro": "Each school has a yearly maximum of data collections; beyond it, say why.",
        },
    )


@require(Perm.VIEW_WORKLOAD)
def impact_assessments(request):
    rows = selectors.impact_assessments_visible(user=request.user)
    return render(
        request,
        "workload/impact_assessments.html",
        {
            "rows": rows,
            "can_add": has_perm(request.user, Perm.MANAGE_DATA_DROPS),
        },
    )


@require(Perm.MANAGE_DATA_DROPS)
def impact_assessment_new(request):
    trust_wide = has_perm(request.user, Perm.MANAGE_WORKLOAD_RULES)
    form = ImpactAssessmentForm(request.POST or None, user=request.user, trust_wide=trust_wide)
    if request.method == "POST" and form.is_valid():
        services.impact_assessment_add(form=form, created_by=request.user)
        messages.success(request, "The impact assessment is published to staff.")
        return redirect("workload:impact_assessments")
    return render(
        request,
        "workload/simple_form.html",
        {
            "form": form,
            "title": "Add a workload impact assessment",
            "intro": (
                "Before a new policy or initiative starts: its workload, how it is reduced, "
                "and what stops to make room."
            ),
        },
    )
