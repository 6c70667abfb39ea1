"""A reader's committee pack: its progress page, its progress as JSON, Retry, and the download.

Every view takes the pack only when its scope is the reader's own (dashboards.selectors
.reader_scope): someone who sees other schools gets a 404, as for another school's object.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dashboards import pack_jobs
from dashboards.models import CommitteePack
from dashboards.selectors import reader_scope
from people.access import Perm, require
from wellbeing_portal.jobs import jobs_expire


def _readers_pack(request, pk, *, with_pdf: bool = False) -> CommitteePack:
    jobs_expire(jobs=CommitteePack.objects.filter(pk=pk))  # a pack whose worker died: failed
    packs = CommitteePack.objects.select_related("report").defer(
        "report__figures", "report__details", "report__source"
    )
    if not with_pdf:
        packs = packs.defer(*pack_jobs.PAGE_FIELDS_DEFERRED)
    pack = get_object_or_404(packs, pk=pk)
    if pack.scope != reader_scope(request.user):
        raise Http404
    return pack


@require(Perm.VIEW_REPORTS)
def pack_status(request, pk):
    pack = _readers_pack(request, pk)
    return render(
        request,
        "dashboards/pack_status.html",
        {"pack": pack, "report": pack.report, "progress": pack_jobs.pack_progress(pack)},
    )


@require(Perm.VIEW_REPORTS)
def pack_progress_json(request, pk):
    progress = pack_jobs.pack_progress(_readers_pack(request, pk))
    return JsonResponse({k: v for k, v in progress.items() if k != "stages"})


@require(Perm.VIEW_REPORTS)
@require_POST
def pack_retry(request, pk):
    pack = _readers_pack(request, pk)
    if pack.status != CommitteePack.Status.FAILED:
        messages.error(request, "Only a PDF that failed can be tried again.")
    else:
        pack_jobs.pack_retry(pack=pack)
    return redirect("dashboards:pack_status", pk=pack.pk)


@require(Perm.VIEW_REPORTS)
def pack_download(request, pk):
    pack = _readers_pack(request, pk, with_pdf=True)
    if pack.status != CommitteePack.Status.DONE:
        return redirect("dashboards:pack_status", pk=pack.pk)
    report = pack.report
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    name = f"people-committee-{report.term_key}-v{report.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
