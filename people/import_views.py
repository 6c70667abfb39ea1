"""The pages of a background import (absence or staff): status with progress, progress JSON and
Retry. The URLs of each kind pass `kind`; a job is only found under the URLs of its own kind."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from people import import_jobs
from people.access import Perm, require
from people.models import AbsenceImport
from wellbeing_portal.jobs import jobs_expire


def recent_imports(kind: str, count: int = 5):
    return AbsenceImport.objects.filter(kind=kind).defer("data")[:count]


def _import_checked(pk, kind) -> AbsenceImport:
    """The import, marked failed first if its worker stopped before the deadline (and a check's
    file deleted if its time is up)."""
    jobs_expire(jobs=AbsenceImport.objects.filter(pk=pk, kind=kind))
    import_jobs.checks_expire(jobs=AbsenceImport.objects.filter(pk=pk, kind=kind))
    return get_object_or_404(AbsenceImport.objects.defer("data"), pk=pk, kind=kind)


@require(Perm.MANAGE_STAFF)
@require_POST
def import_retry(request, pk, kind):
    job = get_object_or_404(AbsenceImport, pk=pk, kind=kind)
    if job.status != AbsenceImport.Status.FAILED or not job.data:
        messages.error(request, "Only an import stopped by the worker can be tried again.")
    else:
        import_jobs.import_retry(job=job)
    return redirect(import_jobs.import_kind(kind).pages["status"], pk=pk)


@require(Perm.MANAGE_STAFF)
@require_POST
def import_apply(request, pk, kind):
    """Apply the file a check kept ("Apply these changes"), without choosing it again."""
    import_jobs.checks_expire(jobs=AbsenceImport.objects.filter(pk=pk, kind=kind))
    job = get_object_or_404(AbsenceImport.objects.defer("data"), pk=pk, kind=kind)
    try:
        import_jobs.check_apply(job=job)
    except import_jobs.CheckNotApplicable as refusal:
        messages.error(request, str(refusal))
    return redirect(import_jobs.import_kind(kind).pages["status"], pk=pk)


@require(Perm.MANAGE_STAFF)
def import_status(request, pk, kind):
    job = _import_checked(pk, kind)
    return render(
        request,
        "people/import_status.html",
        {
            "job": job,
            "applicable": import_jobs.check_is_applicable(job),
            "progress": import_jobs.import_progress(job),
            "pages": import_jobs.import_kind(kind).pages,
        },
    )


@require(Perm.MANAGE_STAFF)
def import_progress(request, pk, kind):
    job = _import_checked(pk, kind)
    return JsonResponse(import_jobs.import_progress(job))
