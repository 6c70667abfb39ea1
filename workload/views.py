from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from people.access import (
    Perm,
    filter_by_school,
    has_perm,
    may_for_school,
    require,
    school_ids_for,
    schools_for,
    staff_record,
)
from people.models import School
from school_calendar.quiet_hours import FOOTER_TEXT, UK, QuietHours
from school_calendar.terms import academic_year_for
from workload import ical, selectors, services
from workload.forms import (
    DataDropForm,
    DirectedEventForm,
    ImpactAssessmentForm,
    MeetingCancelForm,
    MeetingForm,
    OverrunForm,
    QuietHoursForm,
    RulesForm,
)
from workload.models import (
    CalendarToken,
    DataDrop,
    DirectedEvent,
    ImpactAssessment,
    Meeting,
    WorkloadRules,
)
from workload.rules import rules_for


def _own_school(user):
    staff = staff_record(user)
    return staff.school if staff else None


@require(Perm.VIEW_WORKLOAD)
def index(request):
    school = _own_school(request.user)
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


# --- quiet hours ------------------------------------------------------------------------------


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
        school = School.objects.filter(urn=urn).first()
        if school is None:
            return JsonResponse({"error": f"No school has URN {urn!r}."}, status=400)
    else:
        school = _own_school(request.user)
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
    own = _own_school(request.user)
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


# --- meetings ---------------------------------------------------------------------------------


def _visible_meetings(user):
    """Meetings the user is invited to, organised, or may manage at their school(s)."""
    staff = staff_record(user)
    condition = Q(organiser=user)
    if staff is not None:
        condition |= Q(invitees=staff)
    managed = (
        filter_by_school(Meeting.objects.all(), user, Perm.SCHEDULE_MEETINGS)
        if has_perm(user, Perm.SCHEDULE_MEETINGS)
        else Meeting.objects.none()
    )
    return Meeting.objects.filter(Q(pk__in=managed.values("pk")) | condition).distinct()


@require(Perm.VIEW_OWN_WORKLOAD)
def meetings(request):
    since = timezone.now() - timezone.timedelta(days=31)
    staff = staff_record(request.user)
    mine = (
        selectors.meetings_for_staff(staff=staff, since=since) if staff else Meeting.objects.none()
    )
    organised = None
    if has_perm(request.user, Perm.SCHEDULE_MEETINGS):
        organised = (
            filter_by_school(
                Meeting.objects.select_related("school"), request.user, Perm.SCHEDULE_MEETINGS
            )
            .filter(ends_at__gte=since)
            .order_by("starts_at")
        )
    feed = CalendarToken.objects.filter(user=request.user).only("created_at").first()
    return render(
        request,
        "workload/meetings.html",
        {
            "mine": mine,
            "organised": organised,
            "feed": feed,
            "can_schedule": has_perm(request.user, Perm.SCHEDULE_MEETINGS),
        },
    )


@require(Perm.SCHEDULE_MEETINGS)
def meeting_new(request):
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        meeting = _meeting_save_from_form(
            request, form, organiser=request.user, groups=form.cleaned_data["invited_groups"]
        )
        if meeting:
            messages.success(
                request, f"“{meeting.title}” is scheduled and the invitations are queued."
            )
            return redirect("workload:meeting_detail", pk=meeting.pk)
    return render(request, "workload/meeting_form.html", {"form": form})


def _meeting_save_from_form(request, form, *, organiser, groups, meeting=None):
    """Save a meeting from a valid form; rule breaches become form errors (returns None)."""
    data = form.cleaned_data
    try:
        meeting, warnings = services.meeting_save(
            organiser=organiser,
            school=data["school"],
            title=data["title"],
            purpose=data["purpose"],
            agenda=data["agenda"],
            location=data["location"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            invitees=data["invitees"],
            invited_groups=groups,
            override_reason=data["override_reason"],
            meeting=meeting,
        )
    except services.MeetingRefused as refused:
        for breach in refused.breaches:
            note = " (allowed with a recorded reason)" if breach.overridable else ""
            form.add_error(None, breach.message + note)
        return None
    for warning in warnings:
        messages.warning(request, warning)
    return meeting


def _meeting_or_404(user, pk):
    return get_object_or_404(_visible_meetings(user).select_related("school", "organiser"), pk=pk)


def _managed_meeting(user, pk):
    """A meeting the user may change: its school's head, or HR (404 if they cannot see it)."""
    meeting = _meeting_or_404(user, pk)
    if not may_for_school(user, Perm.SCHEDULE_MEETINGS, meeting.school_id):
        raise PermissionDenied
    return meeting


def _meeting_initial(meeting) -> dict:
    start, end = meeting.starts_at.astimezone(UK), meeting.ends_at.astimezone(UK)
    return {
        "school": meeting.school_id,
        "title": meeting.title,
        "purpose": meeting.purpose,
        "agenda": meeting.agenda,
        "location": meeting.location,
        "day": start.date(),
        "start": start.strftime("%H:%M"),
        "finish": end.strftime("%H:%M"),
        "people": list(meeting.invitees.values_list("pk", flat=True)),
        "override_reason": meeting.override_reason,
    }


@require(Perm.SCHEDULE_MEETINGS)
def meeting_edit(request, pk):
    meeting = _managed_meeting(request.user, pk)
    if meeting.is_cancelled or meeting.starts_at <= timezone.now():
        messages.error(request, "A meeting that is cancelled or has started cannot be changed.")
        return redirect("workload:meeting_detail", pk=meeting.pk)
    form = MeetingForm(request.POST or None, user=request.user, initial=_meeting_initial(meeting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = set(meeting.invitees.values_list("pk", flat=True))
        groups = data["invited_groups"]
        if not groups and before == {p.pk for p in data["invitees"]}:
            groups = meeting.invited_groups  # nobody added or removed: the label still holds
        saved = _meeting_save_from_form(
            request, form, organiser=meeting.organiser, groups=groups, meeting=meeting
        )
        if saved:
            messages.success(request, f"“{saved.title}” is saved; invitees are told of changes.")
            return redirect("workload:meeting_detail", pk=saved.pk)
    return render(request, "workload/meeting_form.html", {"form": form, "meeting": meeting})


@require(Perm.SCHEDULE_MEETINGS)
def meeting_cancel(request, pk):
    meeting = _managed_meeting(request.user, pk)
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.MeetingCancelRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"“{meeting.title}” is cancelled and invitees are told.")
        return redirect("workload:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "workload/meeting_cancel.html",
        {"form": form, "meeting": meeting, "started": meeting.starts_at <= timezone.now()},
    )


@require(Perm.VIEW_OWN_WORKLOAD)
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    can_manage = meeting.school_id and may_for_school(
        request.user, Perm.SCHEDULE_MEETINGS, meeting.school_id
    )
    may_change = may_for_school(request.user, Perm.SCHEDULE_MEETINGS, meeting.school_id)
    form = OverrunForm(request.POST or None, initial={"minutes": meeting.overran_minutes or 0})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if meeting.is_cancelled:
            messages.error(request, "A cancelled meeting did not take place: no overrun to record.")
            return redirect("workload:meeting_detail", pk=meeting.pk)
        if form.is_valid():
            services.meeting_overrun_record(meeting=meeting, minutes=form.cleaned_data["minutes"])
            messages.success(request, "The overrun is recorded.")
            return redirect("workload:meeting_detail", pk=meeting.pk)
    invitees = meeting.invitees.select_related("user").order_by(
        "user__last_name", "user__first_name"
    )
    return render(
        request,
        "workload/meeting_detail.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "can_manage": can_manage,
            "form": form,
            "started": meeting.starts_at <= timezone.now(),
            "may_change": may_change and not meeting.is_cancelled,
        },
    )


@require(Perm.VIEW_OWN_WORKLOAD)
@require_POST
def calendar_token_renew(request):
    # Only the token's hash is stored, so the address is shown in this response and never again
    # (not redirected through the session, where the plain token would be stored).
    renewed = CalendarToken.objects.filter(user=request.user).exists()
    _entry, token = services.calendar_token_renew(user=request.user)
    response = render(
        request,
        "workload/calendar_address.html",
        {
            "feed_url": request.build_absolute_uri(reverse("workload:calendar_feed", args=[token])),
            "renewed": renewed,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def calendar_feed(request, token):
    """The private iCalendar feed. The random token is the credential, so no sign-in is asked."""
    entry = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=CalendarToken.hash_of(token))
        .first()
    )
    if entry is None or not entry.user.is_active:
        raise Http404
    staff = staff_record(entry.user)
    since = timezone.now() - timezone.timedelta(days=365)
    rows = list(selectors.meetings_for_staff(staff=staff, since=since)) if staff else []
    response = HttpResponse(
        ical.meetings_calendar(rows, host=request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- directed time ----------------------------------------------------------------------------


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
    events = DirectedEvent.objects.select_related("school").filter(
        day__range=selectors.academic_year_bounds(academic_year)
    )
    if not has_perm(request.user, Perm.MANAGE_WORKLOAD_RULES):
        events = events.filter(Q(school__isnull=True) | Q(school=staff.school if staff else None))
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
        form.save()
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


# --- rules and terms --------------------------------------------------------------------------


@require(Perm.MANAGE_WORKLOAD_RULES)
def rules(request):
    urn = request.GET.get("school", "")
    school = get_object_or_404(School, urn=urn) if urn else None
    own = WorkloadRules.objects.filter(school=school).first()
    initial_rules = own or rules_for(school)
    form = RulesForm(
        request.POST or None,
        instance=initial_rules if own else None,
        initial=None if own else {f: getattr(initial_rules, f) for f in WorkloadRules.RULE_FIELDS},
    )
    if request.method == "POST":
        if request.POST.get("reset") and school is not None:
            services.rules_reset(school=school, changed_by=request.user)
            messages.success(request, f"{school} now follows the trust's rules.")
            return redirect(f"{reverse('workload:rules')}?school={school.urn}")
        if form.is_valid():
            values = {f: form.cleaned_data[f] for f in WorkloadRules.RULE_FIELDS}
            services.rules_update(
                school=school,
                values=values,
                changed_by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "The rules are saved.")
            return redirect(
                f"{reverse('workload:rules')}?school={urn}" if urn else "workload:rules"
            )
    history = own.changes.select_related("changed_by")[:30] if own else []
    return render(
        request,
        "workload/rules.html",
        {
            "form": form,
            "school": school,
            "own": own,
            "history": history,
            "schools": School.objects.all(),
            "overridden": set(
                WorkloadRules.objects.filter(school__isnull=False).values_list(
                    "school__urn", flat=True
                )
            ),
        },
    )


# --- data drops and impact assessments -------------------------------------------------------


def _visible_school_filter(user, field: str = "school_id") -> Q | None:
    """Staff see their own school; heads, governors, trustees and HR the schools of their dashboard.
    None means every school."""
    ids = school_ids_for(user, Perm.VIEW_DASHBOARD)
    if ids is None:
        return None
    ids = {i for i in ids if i is not None}
    staff = staff_record(user)
    if staff is not None and staff.school_id:
        ids.add(staff.school_id)
    return Q(**{f"{field}__in": ids})


@require(Perm.VIEW_WORKLOAD)
def data_drops(request):
    academic_year = academic_year_for(timezone.localdate())
    visible = DataDrop.objects.select_related("school").filter(academic_year=academic_year)
    condition = _visible_school_filter(request.user)
    if condition is not None:
        visible = visible.filter(condition)
    by_school: dict = {}
    for drop in visible.order_by("school__urn", "due_on"):
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
    rows = ImpactAssessment.objects.select_related("school")
    condition = _visible_school_filter(request.user)
    if condition is not None:
        rows = rows.filter(Q(school__isnull=True) | condition)
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
        assessment = form.save(commit=False)
        assessment.created_by = request.user
        assessment.save()
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
