"""Directed time: each teacher's hours against the year's limit, and directed events."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from people.access import Perm, has_perm, require, schools_for, staff_record
from school_calendar.terms import academic_year_for
from workload import selectors, services
from workload.forms import (
    DirectedEventForm,
)


@require(Perm.VIEW_OWN_WORKLOAD)
def directed_time(request):
    today = timezone.localdate()
    academic_year = request.GET.get("year") or academic_year_for(today)
    if len(academic_year) != 7 or not academic_year[:4].isdigit():
        academic_year = academic_year_for(today)
    staff = staff_record(request.user)
    own = (
        selectors.directed_time(staff=[staff], academic_year=academic_year)
        if staff and staff.role_group == "teaching"
        else []
    )
    school_rows, school = None, None
    if has_perm(request.user, Perm.VIEW_DIRECTED_TIME):
        schools = schools_for(request.user, Perm.VIEW_DIRECTED_TIME)
        urn = request.GET.get("school") or (staff.school.urn if staff and staff.school else None)
        school = schools.filter(urn=urn).first() if urn else schools.first()
        if urn and school is None:
            raise Http404
        if school is not None:
            school_rows = selectors.directed_time(
                staff=list(selectors.teachers(school=school, on=today)), academic_year=academic_year
            )
        schools = list(schools)
    else:
        schools = []
    events = selectors.directed_events(
        academic_year=academic_year,
        every_school=has_perm(request.user, Perm.MANAGE_WORKLOAD_RULES),
        staff=staff,
    )
    return render(
        request,
        "workload/directed_time.html",
        {
            "academic_year": academic_year,
            "own": own[0] if own else None,
            "school_rows": school_rows,
            "school": school,
            "schools": schools,
            "events": events,
            "can_add_event": has_perm(request.user, Perm.MANAGE_WORKLOAD_RULES),
        },
    )


@require(Perm.MANAGE_WORKLOAD_RULES)
def directed_event_new(request):
    form = DirectedEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.directed_event_add(form=form)
        messages.success(request, "The directed event is added.")
        return redirect("workload:directed_time")
    return render(
        request,
        "workload/simple_form.html",
        {
            "form": form,
            "title": "Add a directed event",
            "intro": (
                "INSET days, parents' evenings and other directed duties count against "
                "each teacher's directed time."
            ),
        },
    )
