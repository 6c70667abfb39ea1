"""Get support: the help lines and policies every signed-in person reads, and HR's edits."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from people.access import (
    Perm,
    has_perm,
    require,
)
from support import selectors, services
from support.forms import (
    FlexibleWorkingPolicyForm,
    HelpLineForm,
)
from support.models import (
    HelpLine,
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
        services.record_save(form=form)
        messages.success(request, f"Saved “{form.instance.name}”.")
        return redirect("support:index")
    return render(request, "support/help_line_form.html", {"form": form, "line": line})


@require(Perm.MANAGE_SUPPORT)
@require_POST
def help_line_delete(request, pk):
    line = get_object_or_404(HelpLine, pk=pk)
    services.help_line_delete(line=line)
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
        services.record_save(form=form)
        messages.success(request, "The flexible working policy is updated.")
        return redirect("support:flexible_policy")
    return render(request, "support/flexible_policy_form.html", {"form": form})
