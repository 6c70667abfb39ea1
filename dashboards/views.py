from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dashboards import board_pages, exports, fairness, pack_jobs, pivot_csv, selectors, services
from dashboards.models import CommitteePack, ReportBuild, TermlyReport
from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    require,
    school_or_403,
    schools_for,
)
from people.term_words import term_in_words
from wellbeing_portal.jobs import jobs_expire


@require(Perm.VIEW_DASHBOARD)
def index(request):
    return render(
        request,
        "dashboards/index.html",
        {
            "trust_wide": has_trust_perm(request.user, Perm.VIEW_DASHBOARD),
            "schools": schools_for(request.user, Perm.VIEW_DASHBOARD).order_by("urn"),
        },
    )


@require(Perm.VIEW_DASHBOARD)
def trust(request):
    if not has_trust_perm(request.user, Perm.VIEW_DASHBOARD):
        raise PermissionDenied
    schools = schools_for(request.user, Perm.VIEW_DASHBOARD).order_by("urn")
    context = {**selectors.dashboard(), "school": None, "schools": schools}
    context.update(board_pages.trust_board(request, report=context["report"]))
    return render(request, "dashboards/dashboard.html", context)


@require(Perm.VIEW_DASHBOARD)
def school(request, urn):
    place = school_or_403(request.user, Perm.VIEW_DASHBOARD, urn)
    context = {**selectors.dashboard(school=place), "school": place, "schools": []}
    context.update(board_pages.school_board(request, place, report=context["report"]))
    return render(request, "dashboards/dashboard.html", context)


@require(Perm.VIEW_REPORTS)
def reports(request):
    from school_calendar.models import Term

    builder = has_perm(request.user, Perm.BUILD_REPORTS)
    terms = (
        [t.key for t in Term.objects.filter(school__isnull=True).order_by("-first_day")]
        if builder
        else []
    )
    reports = sorted(
        selectors.latest_reports().only("pk", "term_key", "version", "built_at"),
        key=lambda r: selectors.term_sort_key(r.term_key),
        reverse=True,
    )
    return render(
        request,
        "dashboards/reports.html",
        {
            "reports": reports,
            "builds": _recent_builds_checked() if builder else [],
            "terms": terms,
            "builder": builder,
        },
    )


def _recent_builds_checked():
    jobs_expire(jobs=ReportBuild.objects.all())  # a build whose worker died shows as failed
    return selectors.recent_builds()


def _queued_message(request, build: ReportBuild, what: str) -> None:
    build.refresh_from_db()
    if build.waiting_for_worker:
        messages.warning(
            request, f"{what} is queued; it will start when the background worker is reachable."
        )
    else:
        messages.success(request, f"{what} is being built; this page shows its progress.")


@require(Perm.BUILD_REPORTS)
@require_POST
def report_build(request):
    term = request.POST.get("term", "")
    try:
        build = services.report_request(term_key=term, user=request.user, trigger="hr")
    except ValueError as error:
        messages.error(request, f"Choose a term to build: {error}")
    else:
        _queued_message(request, build, f"The {term_in_words(term)} report")
        return redirect("dashboards:build_status", pk=build.pk)
    return redirect("dashboards:reports")


@require(Perm.BUILD_REPORTS)
@require_POST
def report_build_retry(request, pk):
    build = get_object_or_404(ReportBuild, pk=pk)
    if build.status != ReportBuild.Status.FAILED:
        messages.error(request, "Only a failed build can be tried again.")
        return redirect("dashboards:reports")
    build = services.report_build_retry(build=build)
    _queued_message(request, build, f"The {term_in_words(build.term_key)} report")
    return redirect("dashboards:build_status", pk=build.pk)


def _readable_report(request, pk) -> tuple[TermlyReport, dict]:
    report = get_object_or_404(TermlyReport, pk=pk)
    urns = selectors.visible_urns(request.user)
    return report, selectors.report_for_reader(report.figures, urns)


@require(Perm.VIEW_REPORTS)
def report(request, pk):
    report, figures = _readable_report(request, pk)
    sections = selectors.report_sections(figures, report.details)
    return render(
        request,
        "dashboards/report.html",
        {
            "report": report,
            "figures": figures,
            "sections": sections,
            "fair": fairness.report_fairness(report, sections),
            "versions": selectors.report_versions(report.term_key),
        },
    )


@require(Perm.VIEW_REPORTS)
def report_pdf(request, pk):
    """Asking for the PDF: the reader's pack of this version, made in the background if new."""
    report = get_object_or_404(TermlyReport.objects.only("pk"), pk=pk)
    pack = pack_jobs.pack_request(
        report=report, scope=selectors.reader_scope(request.user), user=request.user
    )
    if pack.status == CommitteePack.Status.DONE:
        return redirect("dashboards:pack_download", pk=pack.pk)
    return redirect("dashboards:pack_status", pk=pack.pk)


@require(Perm.VIEW_REPORTS)
def report_csv(request, pk):
    report, figures = _readable_report(request, pk)
    response = HttpResponse(
        exports.report_csv(report, figures), content_type="text/csv; charset=utf-8"
    )
    name = f"people-committee-{report.term_key}-v{report.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Perm.VIEW_REPORTS)
def report_table_csv(request, pk):
    report, figures = _readable_report(request, pk)
    response = HttpResponse(
        pivot_csv.report_pivot_csv(report, figures), content_type="text/csv; charset=utf-8"
    )
    name = f"people-committee-{report.term_key}-v{report.version}-table.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Perm.VIEW_REPORTS)
def report_json(request, pk):
    report, figures = _readable_report(request, pk)
    if figures is None:
        raise Http404
    return HttpResponse(exports.report_json(report, figures), content_type="application/json")
