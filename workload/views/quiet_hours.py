"""The workload home page and email quiet hours (the page and its JSON)."""

from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from people.access import Perm, has_perm, require
from school_calendar.quiet_hours import FOOTER_TEXT, UK, QuietHours
from workload import selectors
from workload.forms import (
    QuietHoursForm,
)
from workload.rules import rules_for


@require(Perm.VIEW_WORKLOAD)
def index(request):
    school = selectors.own_school(request.user)
    return render(
        request,
        "workload/index.html",
        {
            "rules": rules_for(school),
            "school": school,
            "footer_text": FOOTER_TEXT,
            "can_schedule": has_perm(request.user, Perm.SCHEDULE_MEETINGS),
            "can_manage_rules": has_perm(request.user, Perm.MANAGE_WORKLOAD_RULES),
            "can_see_own": has_perm(request.user, Perm.VIEW_OWN_WORKLOAD),
            "can_see_directed": has_perm(request.user, Perm.VIEW_DIRECTED_TIME),
        },
    )


def _quiet_answer(school, at: datetime) -> dict:
    hours = QuietHours(school)
    return {
        "school": school.urn if school else None,
        "at": at.isoformat(),
        "allowed": hours.is_allowed(at),
        "next_allowed": hours.next_allowed(at).isoformat(),
    }


@require(Perm.VIEW_WORKLOAD)
@require_GET
def quiet_hours_json(request):
    urn = request.GET.get("school", "").strip()
    if urn:
        school = selectors.school_by_urn(urn)
        if school is None:
            return JsonResponse({"error": f"No school has URN {urn!r}."}, status=400)
    else:
        school = selectors.own_school(request.user)
    raw = request.GET.get("at", "").strip()
    if raw:
        try:
            at = datetime.strptime(raw, "%Y-%m-%dT%H:%M").replace(tzinfo=UK)
        except ValueError:
            return JsonResponse(
                {"error": "at must be YYYY-MM-DDTHH:MM (UK local time)."}, status=400
            )
    else:
        at = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    return JsonResponse(_quiet_answer(school, at))


@require(Perm.VIEW_WORKLOAD)
def quiet_hours(request):
    now = timezone.now().astimezone(UK)
    own = selectors.own_school(request.user)
    initial = {"school": own, "day": now.date(), "time": now.strftime("%H:%M")}
    form = QuietHoursForm(request.GET or None, initial=initial)
    answer = None
    if form.is_bound and form.is_valid():
        school = form.cleaned_data["school"]
        at = datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"], tzinfo=UK)
    else:
        school, at = own, now.replace(second=0, microsecond=0)
    if not form.is_bound or form.is_valid():
        answer = _quiet_answer(school, at)
        answer["at_dt"], answer["next_dt"] = at, datetime.fromisoformat(answer["next_allowed"])
    return render(
        request,
        "workload/quiet_hours.html",
        {
            "form": form,
            "answer": answer,
            "school": school if answer else None,
            "rules": rules_for(own),
            "footer_text": FOOTER_TEXT,
        },
    )
