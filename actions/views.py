from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actions import selectors, services, survey_choices
from actions.forms import (
    ActionForm,
    BoardFilterForm,
    DifferenceForm,
    NewsletterForm,
    NewsletterNewForm,
)
from actions.models import Newsletter, Status
from people.access import Perm, check_school, has_perm, may_for_school, require, role_grants
from people.models import Role, School, Trust
from school_calendar.terms import current_term

TRUST_SCOPE = "trust"


def _scope_school(user, perm: Perm, scope: str) -> School | None:
    """The school a URL scope names ("trust" = None), checked against perm."""
    school = None if scope == TRUST_SCOPE else get_object_or_404(School, urn=scope)
    check_school(user, perm, school)
    return school


def may_rate(user, action) -> bool:
    """Staff of the action's school (any staff, for a trust action) may say if it helped."""
    staff_schools = {school_id for role, school_id in role_grants(user) if role == Role.STAFF}
    if not staff_schools or action.status not in (Status.IN_PROGRESS, Status.DONE):
        return False
    return action.school_id is None or action.school_id in staff_schools


@require(Perm.VIEW_ACTIONS)
def board(request):
    schools = selectors.board_schools(user=request.user)
    urn = request.GET.get("school", "")
    school = get_object_or_404(schools, urn=urn) if urn else schools.first()
    filters = BoardFilterForm(request.GET or None)
    status = theme = ""
    if filters.is_valid():
        status, theme = filters.cleaned_data["status"], filters.cleaned_data["theme"]
    boards = []
    if school is not None:
        actions = selectors.board_actions(
            user=request.user, school=school, status=status, theme=theme
        )
        boards.append({"name": school.name, "id": "school-board", "actions": actions})
    trust_actions = selectors.board_actions(
        user=request.user, school=None, status=status, theme=theme
    )
    boards.append(
        {
            "name": f"{Trust.current().name} (trust-wide)",
            "id": "trust-board",
            "actions": trust_actions,
        }
    )
    return render(
        request,
        "actions/board.html",
        {"boards": boards, "school": school, "schools": schools, "filters": filters},
    )


@require(Perm.VIEW_ACTIONS)
def action_detail(request, pk):
    action = selectors.action_detail(user=request.user, pk=pk)
    rateable = may_rate(request.user, action)
    context = {
        "action": action,
        "may_manage": may_for_school(request.user, Perm.MANAGE_ACTIONS, action.school),
        "may_rate": rateable,
        "answered": rateable and selectors.has_answered(action=action, user=request.user),
        "form": DifferenceForm(),
        "tally": selectors.difference_tally(action=action),
    }
    return render(request, "actions/detail.html", context)


@require_POST
@require(Perm.VIEW_ACTIONS)
def action_rate(request, pk):
    action = selectors.action_detail(user=request.user, pk=pk)
    if not may_rate(request.user, action):
        raise PermissionDenied
    form = DifferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the action made a difference.")
        return redirect("actions:detail", pk=pk)
    try:
        services.difference_record(
            action=action, user=request.user, made_difference=form.cleaned_data["made_difference"]
        )
    except services.AlreadyAnswered:
        messages.info(
            request, "You have already answered for this action; each person answers once."
        )
    else:
        messages.success(request, "Thank you. Your answer was counted anonymously.")
    return redirect("actions:detail", pk=pk)


@require(Perm.MANAGE_ACTIONS)
def manage(request):
    may_trust = may_for_school(request.user, Perm.MANAGE_ACTIONS, None)
    schools = selectors.managed_schools(user=request.user)
    scope = request.GET.get("school") or (TRUST_SCOPE if may_trust and not schools else "")
    if not scope:
        scope = schools[0].urn if schools else TRUST_SCOPE
    school = _scope_school(request.user, Perm.MANAGE_ACTIONS, scope)
    status = request.GET.get("status", "")
    if status not in {"", "overdue", *Status.values}:
        status = ""
    return render(
        request,
        "actions/manage.html",
        {
            "school": school,
            "scope": scope,
            "schools": schools,
            "may_trust": may_trust,
            "status": status,
            "statuses": Status.choices,
            "actions": selectors.managed_actions(user=request.user, school=school, status=status),
            "counts": selectors.action_counts(school=school)
            if school
            else selectors.trust_counts(),
            "findings": selectors.findings_without_action(school=school),
            "min_group_size": Trust.current().min_group_size,
        },
    )


@require(Perm.MANAGE_ACTIONS)
def action_new(request, scope):
    school = _scope_school(request.user, Perm.MANAGE_ACTIONS, scope)
    initial = survey_choices.initial_from_question(
        school=school, question_id=request.GET.get("question")
    ) or survey_choices.initial_from_score(
        school=school, round_id=request.GET.get("round"), score=request.GET.get("score", "")
    )
    form = ActionForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            action = services.action_create(by=request.user, school=school, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The action was recorded and is on the board.")
            return redirect("actions:detail", pk=action.pk)
    return render(request, "actions/form.html", {"form": form, "school": school, "scope": scope})


@require(Perm.MANAGE_ACTIONS)
def action_edit(request, pk):
    action = selectors.action_detail(user=request.user, pk=pk)
    check_school(request.user, Perm.MANAGE_ACTIONS, action.school)
    form = ActionForm(request.POST or None, instance=action, school=action.school)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.action_update(action=action, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The action was updated; the change is in its history.")
            return redirect("actions:detail", pk=action.pk)
    scope = action.school.urn if action.school_id else TRUST_SCOPE
    return render(
        request,
        "actions/form.html",
        {"form": form, "school": action.school, "scope": scope, "action": action},
    )


@require(Perm.VIEW_ACTIONS)
def my_actions(request):
    return render(
        request, "actions/mine.html", {"actions": selectors.my_actions(user=request.user)}
    )


@require(Perm.VIEW_ACTIONS)
def newsletter_list(request):
    return render(
        request,
        "actions/newsletter_list.html",
        {
            "newsletters": selectors.newsletters_for(user=request.user),
            "may_manage": has_perm(request.user, Perm.MANAGE_NEWSLETTER),
        },
    )


@require(Perm.MANAGE_NEWSLETTER)
def newsletter_new(request):
    form = NewsletterNewForm(request.POST or None, initial={"term_key": current_term().key})
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = services.newsletter_generate(
                term_key=form.cleaned_data["term_key"].strip(), by=request.user
            )
        except ValidationError as error:
            form.add_error("term_key", error.message_dict.get("term_key", error.messages))
        else:
            messages.success(request, "The draft newsletter was built from the term's actions.")
            return redirect("actions:newsletter_edit", pk=newsletter.pk)
    return render(request, "actions/newsletter_new.html", {"form": form})


def _newsletter(request, pk) -> Newsletter:
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if not newsletter.is_published and not has_perm(request.user, Perm.MANAGE_NEWSLETTER):
        raise Http404
    return newsletter


@require(Perm.VIEW_ACTIONS)
def newsletter_detail(request, pk):
    newsletter = _newsletter(request, pk)
    return render(
        request,
        "actions/newsletter_detail.html",
        {
            "newsletter": newsletter,
            "groups": selectors.newsletter_groups(newsletter=newsletter),
            "may_manage": has_perm(request.user, Perm.MANAGE_NEWSLETTER),
        },
    )


@require(Perm.MANAGE_NEWSLETTER)
def newsletter_edit(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk, state=Newsletter.State.DRAFT)
    form = NewsletterForm(request.POST or None, instance=newsletter)
    if request.method == "POST" and form.is_valid():
        services.newsletter_update(newsletter=newsletter, **form.cleaned_data)
        messages.success(request, "The introduction was saved.")
        return redirect("actions:newsletter_edit", pk=pk)
    return render(
        request,
        "actions/newsletter_edit.html",
        {
            "form": form,
            "newsletter": newsletter,
            "groups": selectors.newsletter_groups(newsletter=newsletter),
        },
    )


@require_POST
@require(Perm.MANAGE_NEWSLETTER)
def newsletter_refresh(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk, state=Newsletter.State.DRAFT)
    services.newsletter_generate(term_key=newsletter.term_key, by=request.user)
    messages.success(request, "The newsletter's actions were rebuilt from the latest records.")
    return redirect("actions:newsletter_edit", pk=pk)


@require_POST
@require(Perm.MANAGE_NEWSLETTER)
def newsletter_publish(request, pk):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    try:
        services.newsletter_publish(newsletter=newsletter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Published. Staff can read it now; the email goes out outside quiet hours."
        )
    return redirect("actions:newsletter_detail", pk=pk)
