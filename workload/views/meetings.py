"""Meetings: lists, scheduling within the rules, changes, cancellations, overruns, and each
person's private calendar feed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from people.access import Perm, has_perm, may_for_school, require, staff_record
from school_calendar.quiet_hours import UK
from workload import ical, selectors, services
from workload.forms import (
    MeetingCancelForm,
    MeetingForm,
    OverrunForm,
)


@require(Perm.VIEW_OWN_WORKLOAD)
def meetings(request):
    since = timezone.now() - timezone.timedelta(days=31)
    staff = staff_record(request.user)
    mine = selectors.meetings_for_staff(staff=staff, since=since) if staff else []
    organised = None
    if has_perm(request.user, Perm.SCHEDULE_MEETINGS):
        organised = selectors.meetings_managed(user=request.user, since=since)
    feed = selectors.calendar_token_of(request.user)
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
    return get_object_or_404(
        selectors.visible_meetings(user).select_related("school", "organiser"), pk=pk
    )


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
    renewed = selectors.calendar_token_of(request.user) is not None
    _entry, token = services.calendar_token_renew(user=request.user)
    feed_url = request.build_absolute_uri(reverse("workload:calendar_feed", args=[token]))
    response = render(
        request,
        "workload/calendar_address.html",
        {
            "feed_url": feed_url,
            # webcal:// opens the device's calendar app ready to subscribe.
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "renewed": renewed,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def calendar_feed(request, token):
    """The private iCalendar feed. The random token is the credential, so no sign-in is asked."""
    entry = selectors.calendar_token_entry(token)
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
