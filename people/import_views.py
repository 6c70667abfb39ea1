"""The pages of a background import (absence or staff): status with progress, progress JSON and
Retry. The URLs of each kind pass `kind`; a job is only found under the URLs of its own kind."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.csvrows import CsvImportError
from people import import_jobs
from people.access import Perm, require
from people.forms import CsvUploadForm
from people.models import AbsenceImport
from wellbeing_portal.jobs import jobs_expire


def upload_handle(request, *, kind, run, status_url, done_url):
    """An import page's POST: check or apply the uploaded file. Returns (form, problems, response);
    response is a redirect once the file is queued, kept as a check or applied, else None.

    `run(data=, dry_run=)` is the import itself (it raises CsvImportError with the problems)."""
    posted = request.method == "POST"
    form = CsvUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if not (posted and form.is_valid()):
        return form, [], None
    upload, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
    data = upload.read()
    kept = {"kind": kind, "data": data, "file_name": upload.name, "user": request.user}
    # A file too large to finish within the request goes to a worker, with its own page.
    if import_jobs.goes_to_background(kind, data):
        job = import_jobs.import_queue(**kept, dry_run=dry_run)
        return form, [], redirect(status_url, pk=job.pk)
    try:
        result = run(data=data, dry_run=dry_run)
    except CsvImportError as error:
        return form, error.problems, None
    if dry_run:
        job = import_jobs.check_keep(**kept, result=result)
        return form, [], redirect(status_url, pk=job.pk)
    messages.success(request, result.summary())
    return form, [], redirect(done_url)


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
