"""HR's page following one report build, and its progress as JSON for the page's script."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from dashboards.build_progress import build_progress
from dashboards.models import ReportBuild
from people.access import Perm, require
from wellbeing_portal.jobs import jobs_expire


def _build(pk) -> ReportBuild:
    jobs_expire(jobs=ReportBuild.objects.filter(pk=pk))  # a build whose worker died: failed
    return get_object_or_404(ReportBuild.objects.select_related("report"), pk=pk)


@require(Perm.BUILD_REPORTS)
def build_status(request, pk):
    build = _build(pk)
    return render(
        request,
        "dashboards/build_status.html",
        {"build": build, "progress": build_progress(build)},
    )


@require(Perm.BUILD_REPORTS)
def build_status_json(request, pk):
    progress = build_progress(_build(pk))
    return JsonResponse({k: v for k, v in progress.items() if k != "stages"})
