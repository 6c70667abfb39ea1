"""Leader wellbeing: check-ins with heads and new leaders' support."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from people.access import (
    Perm,
    has_trust_perm,
    object_or_404,
    require,
    school_ids_for,
    schools_for,
)
from people.models import Role, RoleAssignment
from support import selectors, services
from support.forms import (
    LeaderCheckInForm,
    NewLeaderForm,
)
from support.models import (
    NewLeader,
)
from support.views.term_choice import term_from

# --- Leader wellbeing ------------------------------------------------------------------------


def _heads_for(user):
    """Head roles the user may record for: their own as a head, every school's for HR."""
    heads = RoleAssignment.objects.filter(role=Role.HEAD, school__isnull=False)
    if has_trust_perm(user, Perm.RECORD_LEADER_CHECKINS):
        return heads.order_by("school__urn", "user__last_name")
    return heads.filter(user=user)


@require(Perm.RECORD_LEADER_CHECKINS)
def leaders(request):
    term_form, term_key = term_from(request)
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
        services.record_save(form=form)
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
