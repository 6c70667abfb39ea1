"""The trust's and each school's workload rules, with their history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from people.access import Perm, require
from people.models import School
from workload import selectors, services
from workload.forms import (
    RulesForm,
)
from workload.models import WorkloadRules
from workload.rules import rules_for


@require(Perm.MANAGE_WORKLOAD_RULES)
def rules(request):
    urn = request.GET.get("school", "")
    school = get_object_or_404(School, urn=urn) if urn else None
    own = selectors.own_rules(school)
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
            "overridden": selectors.schools_with_own_rules(),
        },
    )
