"""First-aider and wellbeing-champion coverage, training dates and training programmes."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.csvrows import CsvImportError
from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    require,
    school_ids_for,
    schools_for,
    staff_record,
)
from people.models import Role, RoleAssignment
from support import services
from support import training as training_reads
from support.forms import (
    CompletionForm,
    CompletionImportForm,
    SupportRoleForm,
    TrainingForm,
    TrainingProgrammeForm,
)
from support.models import (
    TrainingProgramme,
)

# --- First-aider and training coverage -------------------------------------------------------


@require(Perm.VIEW_PEOPLE_INDICATORS)
def coverage(request):
    schools = schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    return render(
        request,
        "support/coverage.html",
        {
            "coverage": training_reads.coverage(schools=schools),
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "days": training_reads.LAPSING_WITHIN_DAYS,
        },
    )


@require(Perm.MANAGE_SUPPORT)
def training_edit(request, pk):
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "school"),
        pk=pk,
        role__in=training_reads.SUPPORT_ROLES,
    )
    form = TrainingForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.record_save(form=form)
            if assignment.role == Role.FIRST_AIDER:
                services.first_aid_training_record(assignment=assignment)
        messages.success(request, f"Saved the training dates of {assignment.user}.")
        return redirect("support:coverage")
    return render(request, "support/training_form.html", {"form": form, "assignment": assignment})


@require(Perm.MANAGE_SUPPORT)
def support_role_add(request):
    form = SupportRoleForm(request.POST or None, instance=RoleAssignment())
    if request.method == "POST" and form.is_valid():
        assignment = services.record_save(form=form)
        messages.success(
            request,
            f"{assignment.user} is now {assignment.get_role_display()} at {assignment.school}.",
        )
        return redirect("support:coverage")
    return render(request, "support/support_role_form.html", {"form": form})


@require(Perm.MANAGE_SUPPORT)
@require_POST
def support_role_remove(request, pk):
    assignment = get_object_or_404(RoleAssignment, pk=pk, role__in=training_reads.SUPPORT_ROLES)
    services.support_role_remove(assignment=assignment)
    messages.success(request, f"{assignment.user} no longer holds {assignment.get_role_display()}.")
    return redirect("support:coverage")


# --- Training programmes ---------------------------------------------------------------------


@require(Perm.VIEW_PEOPLE_INDICATORS)
def training(request):
    schools = schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    return render(
        request,
        "support/training.html",
        {
            "coverage": training_reads.training_coverage(
                schools=schools,
                trust_wide=has_trust_perm(request.user, Perm.VIEW_PEOPLE_INDICATORS),
            ),
            "can_manage": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "can_see_due": has_perm(request.user, Perm.VIEW_TRAINING_DUE),
            "days": training_reads.LAPSING_WITHIN_DAYS,
        },
    )


@require(Perm.MANAGE_SUPPORT)
def training_programme_edit(request, pk=None):
    programme = get_object_or_404(TrainingProgramme, pk=pk) if pk else None
    form = TrainingProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        services.record_save(form=form)
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
            "recent": training_reads.completions_recent(limit=20),
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
            "due": training_reads.training_due(
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
        {"mine": training_reads.own_training(staff=staff)},
    )
