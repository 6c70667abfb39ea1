from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.csvfiles import CsvImportError
from common.moderation import flagged_names, redact_names
from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    object_or_404,
    require,
    school_ids_for,
    schools_for,
    staff_record,
)
from people.models import Role, RoleAssignment
from people.names import trust_staff_names
from school_calendar.terms import current_term
from support import selectors, services
from support.forms import (
    CaseworkForm,
    CompletionForm,
    CompletionImportForm,
    ExitCommentReviewForm,
    ExitQuestionnaireForm,
    FlexibleRequestForm,
    FlexibleWorkingPolicyForm,
    HelpLineForm,
    LeaderCheckInForm,
    LeaveRequestForm,
    NewLeaderForm,
    SupportRoleForm,
    TermForm,
    TrainingForm,
    TrainingProgrammeForm,
)
from support.models import (
    ExitAnswer,
    HelpLine,
    NewLeader,
    TrainingProgramme,
)


def _render_markdown(text):
    from common.markup import render_markdown

    return render_markdown(text)


# --- Get support (every signed-in person; nothing about its use is recorded) -----------------


@require(Perm.VIEW_SUPPORT)
def index(request):
    policy = selectors.flexible_working_policy()
    return render(
        request,
        "support/index.html",
        {
            "help_lines": selectors.help_lines(),
            "contacts": selectors.school_contacts(schools=selectors.own_schools(request.user)),
            "has_policy": policy is not None,
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
        },
    )


@require(Perm.MANAGE_SUPPORT)
def help_line_edit(request, pk=None):
    line = get_object_or_404(HelpLine, pk=pk) if pk else None
    form = HelpLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved “{form.instance.name}”.")
        return redirect("support:index")
    return render(request, "support/help_line_form.html", {"form": form, "line": line})


@require(Perm.MANAGE_SUPPORT)
@require_POST
def help_line_delete(request, pk):
    line = get_object_or_404(HelpLine, pk=pk)
    line.delete()
    messages.success(request, f"Removed “{line.name}”.")
    return redirect("support:index")


@require(Perm.VIEW_SUPPORT)
def flexible_policy(request):
    policy = selectors.flexible_working_policy()
    return render(
        request,
        "support/flexible_policy.html",
        {
            "policy_html": _render_markdown(policy.text) if policy else "",
            "policy": policy,
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
        },
    )


@require(Perm.MANAGE_SUPPORT)
def flexible_policy_edit(request):
    form = FlexibleWorkingPolicyForm(
        request.POST or None, instance=selectors.flexible_working_policy()
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The flexible working policy is updated.")
        return redirect("support:flexible_policy")
    return render(request, "support/flexible_policy_form.html", {"form": form})


# --- First-aider and training coverage -------------------------------------------------------


@require(Perm.VIEW_PEOPLE_INDICATORS)
def coverage(request):
    schools = schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    return render(
        request,
        "support/coverage.html",
        {
            "coverage": selectors.coverage(schools=schools),
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "days": selectors.LAPSING_WITHIN_DAYS,
        },
    )


@require(Perm.MANAGE_SUPPORT)
def training_edit(request, pk):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "school"),
        pk=pk,
        role__in=selectors.SUPPORT_ROLES,
    )
    form = TrainingForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            if assignment.role == Role.FIRST_AIDER:
                services.first_aid_training_record(assignment=assignment)
        messages.success(request, f"Saved the training dates of {assignment.user}.")
        return redirect("support:coverage")
    return render(request, "support/training_form.html", {"form": form, "assignment": assignment})


@require(Perm.MANAGE_SUPPORT)
def support_role_add(request):
    form = SupportRoleForm(request.POST or None, instance=RoleAssignment())
    if request.method == "POST" and form.is_valid():
        assignment = form.save()
        messages.success(
            request,
            f"{assignment.user} is now {assignment.get_role_display()} at {assignment.school}.",
        )
        return redirect("support:coverage")
    return render(request, "support/support_role_form.html", {"form": form})


@require(Perm.MANAGE_SUPPORT)
@require_POST
def support_role_remove(request, pk):
    assignment = get_object_or_404(RoleAssignment, pk=pk, role__in=selectors.SUPPORT_ROLES)
    assignment.delete()
    messages.success(request, f"{assignment.user} no longer holds {assignment.get_role_display()}.")
    return redirect("support:coverage")


# --- People indicators -----------------------------------------------------------------------


def _term_from(request) -> tuple[TermForm, str]:
    form = TermForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["term"]
    current = current_term().key
    return (form if request.GET else TermForm(initial={"term": current})), current


PEOPLE_ROWS = [
    ("Starters", ("starters",)),
    ("Leavers", ("leavers",)),
    ("Turnover (%)", ("turnover_pct",)),
    ("Formal grievances", ("grievances",)),
    ("Complaints", ("complaints",)),
    ("Disciplinary cases", ("disciplinaries",)),
    ("Industrial disputes", ("disputes",)),
    ("Flexible working requests granted", ("flexible_requests", "granted")),
    ("Flexible working requests declined", ("flexible_requests", "declined")),
    ("Flexible working requests open", ("flexible_requests", "open")),
    ("Trained mental health first aiders", ("first_aiders",)),
    ("First aiders per 50 staff", ("first_aiders_per_50_staff",)),
    ("Heads", ("leader_checkins", "heads")),
    ("Heads who met their partner", ("leader_checkins", "met_partner")),
    ("New leaders", ("new_leaders", "total")),
    ("New leaders with a buddy", ("new_leaders", "with_buddy")),
    ("Leave of absence requests granted", ("leave_requests", "granted")),
    ("Leave of absence requests declined", ("leave_requests", "declined")),
    ("Leave of absence requests open", ("leave_requests", "open")),
]


def _comparison_rows(now: dict, before: dict) -> list[dict]:
    def pick(figures, path):
        for part in path:
            figures = figures.get(part)
            if figures is None:
                return None
        return figures

    programmes = list(now["training_coverage"]) + [
        name for name in before["training_coverage"] if name not in now["training_coverage"]
    ]
    training_rows = [(f"{name}: coverage (%)", ("training_coverage", name)) for name in programmes]
    rows = []
    for label, path in PEOPLE_ROWS + training_rows:
        value, previous = pick(now, path), pick(before, path)
        change = value - previous if value is not None and previous is not None else None
        rows.append({"label": label, "now": value, "before": previous, "change": change})
    return rows


@require(Perm.VIEW_PEOPLE_INDICATORS)
def people(request):
    form, term_key = _term_from(request)
    previous_key = selectors.previous_term_key(term_key)
    schools = list(schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS))
    trust_wide = has_trust_perm(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    now = selectors.people_figures_for(term_key=term_key, schools=schools)
    before = selectors.people_figures_for(term_key=previous_key, schools=schools)
    keys = ([(selectors.TRUST_KEY, "The trust")] if trust_wide else []) + [
        (s.pk, s.name) for s in schools
    ]
    groups = [{"name": name, "rows": _comparison_rows(now[key], before[key])} for key, name in keys]
    return render(
        request,
        "support/people.html",
        {
            "form": form,
            "term_key": term_key,
            "previous_key": previous_key,
            "groups": groups,
            "exit": selectors.exit_reasons(term_key=term_key) if trust_wide else None,
            "show_comments": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "can_review_comments": has_perm(request.user, Perm.MODERATE_COMMENTS),
            "min_group_size": selectors.Trust.current().min_group_size,
        },
    )


@require(Perm.MANAGE_CASEWORK)
def casework(request):
    term_form, term_key = _term_from(request)
    form = CaseworkForm(request.POST or None, initial={"term_key": term_key})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.casework_record(
            school=data["school"],
            term_key=data["term_key"],
            grievances=data["grievances"],
            complaints=data["complaints"],
            disciplinaries=data["disciplinaries"],
            disputes=data["disputes"],
            note=data["note"],
        )
        messages.success(
            request, f"Casework counts for {data['school'] or 'the central team'} saved."
        )
        return redirect(f"{request.path}?term={data['term_key']}")
    return render(
        request,
        "support/casework.html",
        {
            "form": form,
            "term_form": term_form,
            "term_key": term_key,
            "rows": selectors.casework_rows(term_key=term_key),
        },
    )


# --- Flexible working register ---------------------------------------------------------------


# The flexible working and leave of absence registers: the same people keep both (one permission).


def _register_list(request, template: str, register):
    """A register's page: the requests the user may see (register: their selector), and the
    term's figures."""
    term_form, term_key = _term_from(request)
    requests = register(school_ids=school_ids_for(request.user, Perm.MANAGE_FLEXIBLE_REQUESTS))
    dates = selectors.term_period(term_key)
    summary = (
        selectors.flexible_summary(requests=requests, first=dates.first_day, last=dates.last_day)
        if dates
        else None
    )
    return render(
        request,
        template,
        {"requests": requests, "summary": summary, "term_form": term_form, "term_key": term_key},
    )


def _register_form(request, form_class, pk=None):
    """The form for a new request in a register, or for one the user may see (pk), and that one."""
    instance = None
    if pk:
        instance = object_or_404(
            form_class._meta.model.objects.all(),
            request.user,
            Perm.MANAGE_FLEXIBLE_REQUESTS,
            pk=pk,
        )
    ids = school_ids_for(request.user, Perm.MANAGE_FLEXIBLE_REQUESTS)
    form = form_class(
        request.POST or None,
        instance=instance,
        schools=schools_for(request.user, Perm.MANAGE_FLEXIBLE_REQUESTS),
        central_allowed=ids is None or None in ids,
    )
    return form, instance


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def flexible_list(request):
    return _register_list(request, "support/flexible_list.html", selectors.flexible_requests)


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def flexible_edit(request, pk=None):
    form, instance = _register_form(request, FlexibleRequestForm, pk)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The request is saved in the register.")
        return redirect("support:flexible_list")
    return render(request, "support/flexible_form.html", {"form": form, "instance": instance})


# --- Exit questionnaire comments: HR reviews them before they are shown -----------------------


@require(Perm.MODERATE_COMMENTS)
def exit_comments(request):
    term_form, term_key = _term_from(request)
    review = selectors.exit_comments_for_review(term_key=term_key)
    names = trust_staff_names()
    rows = [
        (
            answer,
            ExitCommentReviewForm(
                initial={"shown_text": answer.shown_comment or answer.comment},
                prefix=str(answer.pk),
            ),
            flagged_names(answer.comment, names),
        )
        for answer in review.comments
    ]
    return render(
        request,
        "support/exit_comments.html",
        {"term_form": term_form, "term_key": term_key, "review": review, "rows": rows},
    )


@require(Perm.MODERATE_COMMENTS)
@require_POST
def exit_comment_review(request, pk):
    answer = get_object_or_404(ExitAnswer.objects.exclude(comment=""), pk=pk)
    form = ExitCommentReviewForm(request.POST, prefix=str(pk))
    if form.is_valid():
        shown_text = form.cleaned_data["shown_text"]
        if form.redact_names:
            text = shown_text.strip() or answer.comment
            shown_text = redact_names(text, flagged_names(text, trust_staff_names()))
        services.exit_comment_review(answer=answer, approve=form.approved, shown_text=shown_text)
        messages.success(request, "Comment reviewed.")
    else:
        messages.error(request, "Choose whether to approve the comment.")
    term = request.POST.get("term", "")
    url = reverse("support:exit_comments")
    return redirect(f"{url}?{urlencode({'term': term})}" if term else url)


# --- Exit questionnaire (no sign-in: a single-use link) -------------------------------------


@never_cache
def exit_interview(request, token):
    form = ExitQuestionnaireForm(request.POST or None)
    if services.exit_invitation_valid(token=token) is None:
        return render(request, "support/exit_refused.html", status=410)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.exit_answer_submit(
                    token=token,
                    reasons=form.cleaned_data["reasons"],
                    kept_by=form.cleaned_data["kept_by"],
                    comment=form.cleaned_data["comment"],
                )
        except services.ExitLinkRefused:
            return render(request, "support/exit_refused.html", status=410)
        return render(request, "support/exit_thanks.html")
    return render(
        request,
        "support/exit_form.html",
        {"form": form, "min_group_size": selectors.Trust.current().min_group_size},
    )


# --- Training programmes ---------------------------------------------------------------------


@require(Perm.VIEW_PEOPLE_INDICATORS)
def training(request):
    schools = schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    return render(
        request,
        "support/training.html",
        {
            "coverage": selectors.training_coverage(
                schools=schools,
                trust_wide=has_trust_perm(request.user, Perm.VIEW_PEOPLE_INDICATORS),
            ),
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "can_see_due": has_perm(request.user, Perm.VIEW_TRAINING_DUE),
            "days": selectors.LAPSING_WITHIN_DAYS,
        },
    )


@require(Perm.MANAGE_SUPPORT)
def training_programme_edit(request, pk=None):
    programme = get_object_or_404(TrainingProgramme, pk=pk) if pk else None
    form = TrainingProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the programme “{form.instance.name}”.")
        return redirect("support:training")
    title = f"Edit “{programme.name}”" if programme else "Add a training programme"
    return render(
        request,
        "support/simple_form.html",
        {"form": form, "title": title, "cancel": reverse("support:training")},
    )


@require(Perm.MANAGE_SUPPORT)
def training_completion_add(request):
    form = CompletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff, programme = form.cleaned_data["staff_id"], form.cleaned_data["programme"]
        with transaction.atomic():
            _completion, created = services.completion_record(
                staff=staff, programme=programme, completed_on=form.cleaned_data["completed_on"]
            )
        if created:
            messages.success(request, f"Recorded {programme} for {staff}.")
        else:
            messages.info(request, f"{programme} on that day was already recorded for {staff}.")
        return redirect("support:training_completion_add")
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": "Record a completed training",
            "intro": "Record one completion; to add many, import the learning platform's file.",
            "cancel": reverse("support:training"),
            "recent": selectors.completions_recent(limit=20),
        },
    )


@require(Perm.MANAGE_SUPPORT)
def training_import(request):
    form = CompletionImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.completions_import(data=form.cleaned_data["file"].read())
        except CsvImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                f"Imported {result.created} completions ({result.unchanged} already recorded).",
            )
            return redirect("support:training")
    return render(request, "support/training_import.html", {"form": form, "problems": problems})


@require(Perm.VIEW_TRAINING_DUE)
def training_due(request):
    return render(
        request,
        "support/training_due.html",
        {
            "due": selectors.training_due(
                school_ids=school_ids_for(request.user, Perm.VIEW_TRAINING_DUE)
            )
        },
    )


@require(Perm.VIEW_OWN_TRAINING)
def my_training(request):
    staff = staff_record(request.user)
    return render(
        request,
        "support/my_training.html",
        {"mine": selectors.own_training(staff=staff)},
    )


# --- Leader wellbeing ------------------------------------------------------------------------


def _heads_for(user):
    """Head roles the user may record for: their own as a head, every school's for HR."""
    heads = RoleAssignment.objects.filter(role=Role.HEAD, school__isnull=False)
    if has_trust_perm(user, Perm.RECORD_LEADER_CHECKINS):
        return heads.order_by("school__urn", "user__last_name")
    return heads.filter(user=user)


@require(Perm.RECORD_LEADER_CHECKINS)
def leaders(request):
    term_form, term_key = _term_from(request)
    ids = school_ids_for(request.user, Perm.RECORD_LEADER_CHECKINS)
    schools = list(schools_for(request.user, Perm.RECORD_LEADER_CHECKINS))
    figures = selectors.people_figures_for(term_key=term_key, schools=schools)
    groups = [(selectors.TRUST_KEY, "The trust")] if ids is None else []
    groups += [(s.pk, s.name) for s in schools]
    return render(
        request,
        "support/leaders.html",
        {
            "term_form": term_form,
            "term_key": term_key,
            "figures": [(name, figures[key]) for key, name in groups],
            "checkins": selectors.leader_checkins(school_ids=ids)[:50],
            "new_leaders": selectors.new_leaders(school_ids=ids),
        },
    )


@require(Perm.RECORD_LEADER_CHECKINS)
def leader_checkin_add(request):
    heads = _heads_for(request.user)
    form = LeaderCheckInForm(request.POST or None, heads=heads)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["head_role"]
        services.leader_checkin_record(
            head=role.user,
            school=role.school,
            partner=form.cleaned_data["partner"],
            met_on=form.cleaned_data["met_on"],
        )
        messages.success(request, "The meeting is recorded.")
        return redirect("support:leaders")
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": (
                "Record a head's meeting with their partner"
                if has_trust_perm(request.user, Perm.RECORD_LEADER_CHECKINS)
                else "Record a meeting with your partner"
            ),
            "intro": "Only the date and the partner's name are kept, never what was said.",
            "cancel": reverse("support:leaders"),
        },
    )


@require(Perm.RECORD_LEADER_CHECKINS)
def new_leader_edit(request, pk=None):
    instance = None
    if pk:
        instance = object_or_404(
            NewLeader.objects.all(), request.user, Perm.RECORD_LEADER_CHECKINS, pk=pk
        )
    heads = RoleAssignment.objects.filter(
        role=Role.HEAD,
        school__in=schools_for(request.user, Perm.RECORD_LEADER_CHECKINS),
    ).order_by("school__urn", "user__last_name")
    form = NewLeaderForm(request.POST or None, instance=instance, heads=heads)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The new leader is saved.")
        return redirect("support:leaders")
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": "Update a new leader" if instance else "Record a new leader",
            "intro": "A leader new in post, and the buddy named for them.",
            "cancel": reverse("support:leaders"),
        },
    )


# --- Leave of absence register ---------------------------------------------------------------


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def leave_list(request):
    return _register_list(request, "support/leave_list.html", selectors.leave_requests)


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def leave_edit(request, pk=None):
    form, instance = _register_form(request, LeaveRequestForm, pk)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The leave request is saved in the register.")
        return redirect("support:leave_list")
    return render(
        request,
        "support/simple_form.html",
        {
            "form": form,
            "title": "Update a leave request" if instance else "Record a leave of absence request",
            "intro": "The register holds no names: the school, role group, dates and reason only.",
            "cancel": reverse("support:leave_list"),
        },
    )
