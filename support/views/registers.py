"""The flexible working and leave of absence registers."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from people.access import (
    Perm,
    object_or_404,
    require,
    school_ids_for,
    schools_for,
)
from support import selectors, services
from support.forms import (
    FlexibleRequestForm,
    LeaveRequestForm,
)
from support.views.term_choice import term_from

# --- Flexible working register ---------------------------------------------------------------


# The flexible working and leave of absence registers: the same people keep both (one permission).


def _register_list(request, template: str, register):
    """A register's page: the requests the user may see (register: their selector), and the
    term's figures."""
    term_form, term_key = term_from(request)
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
        services.record_save(form=form)
        messages.success(request, "The request is saved in the register.")
        return redirect("support:flexible_list")
    return render(request, "support/flexible_form.html", {"form": form, "instance": instance})


# --- Leave of absence register ---------------------------------------------------------------


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def leave_list(request):
    return _register_list(request, "support/leave_list.html", selectors.leave_requests)


@require(Perm.MANAGE_FLEXIBLE_REQUESTS)
def leave_edit(request, pk=None):
    form, instance = _register_form(request, LeaveRequestForm, pk)
    if request.method == "POST" and form.is_valid():
        services.record_save(form=form)
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
