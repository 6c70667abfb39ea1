from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from people import absence_selectors as selectors
from people import absence_services as services
from people.access import Perm, has_trust_perm, require, schools_for
from people.csvfiles import CsvImportError
from people.forms import CsvUploadForm
from people.models import AbsenceImport, RoleGroup
from wellbeing_portal.jobs import jobs_expire


def _term_choices():
    from workload.models import Term

    keys = (
        Term.objects.filter(school__isnull=True)
        .order_by("-first_day")
        .values_list("academic_year", "term", "first_day")
    )
    return [f"{year}-{term}" for year, term, first in keys if first <= timezone.localdate()]


@require(Perm.VIEW_ABSENCE_AGGREGATES)
def absence_figures(request):
    choices = _term_choices()
    term = request.GET.get("term") or (choices[0] if choices else "")
    if term not in choices:
        term = choices[0] if choices else ""
    figures = selectors.absence_figures(term_keys=[term]) if term else None
    rows = []
    if figures is not None:
        if has_trust_perm(request.user, Perm.VIEW_ABSENCE_AGGREGATES):
            rows.append({"name": "Whole trust", "figures": selectors.rounded(figures.trust)})
        for school in schools_for(request.user, Perm.VIEW_ABSENCE_AGGREGATES).order_by("urn"):
            rows.append(
                {"name": school.name, "figures": selectors.rounded(figures.schools[school.pk])}
            )
            for rg in RoleGroup:
                rows.append(
                    {
                        "name": f"{school.name}: {rg.label.lower()} staff",
                        "figures": selectors.rounded(figures.role_groups[(school.pk, rg.value)]),
                        "indent": True,
                    }
                )
    return render(
        request,
        "absence/figures.html",
        {"term": term, "choices": choices, "rows": rows, "no_dates": term and figures is None},
    )


@require(Perm.MANAGE_STAFF)
def absence_import(request):
    posted = request.method == "POST"
    form = CsvUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        upload, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
        data = upload.read()
        if services.count_rows(data) >= services.background_threshold():
            job = services.absence_import_queue(
                data=data, file_name=upload.name, user=request.user, dry_run=dry_run
            )
            return redirect("absence:import_status", pk=job.pk)
        try:
            result = services.absence_import(data=data, dry_run=dry_run)
        except CsvImportError as error:
            problems = error.problems
        else:
            messages.success(request, ("Check only: " if dry_run else "") + result.summary())
            return redirect("absence:import")
    recent = AbsenceImport.objects.defer("data")[:5]
    return render(
        request, "absence/import.html", {"form": form, "problems": problems, "recent": recent}
    )


def _import_checked(pk) -> AbsenceImport:
    """The import, marked failed first if its worker stopped before the deadline."""
    jobs_expire(jobs=AbsenceImport.objects.filter(pk=pk))
    return get_object_or_404(AbsenceImport.objects.defer("data"), pk=pk)


@require(Perm.MANAGE_STAFF)
@require_POST
def absence_import_retry(request, pk):
    job = get_object_or_404(AbsenceImport, pk=pk)
    if job.status != AbsenceImport.Status.FAILED or not job.data:
        messages.error(request, "Only an import stopped by the worker can be tried again.")
    else:
        services.absence_import_retry(job=job)
    return redirect("absence:import_status", pk=pk)


@require(Perm.MANAGE_STAFF)
def absence_import_status(request, pk):
    job = _import_checked(pk)
    return render(
        request,
        "absence/import_status.html",
        {"job": job, "progress": services.absence_import_progress(job)},
    )


@require(Perm.MANAGE_STAFF)
def absence_import_progress(request, pk):
    job = _import_checked(pk)
    return JsonResponse(services.absence_import_progress(job))


@require(Perm.VIEW_ABSENCE_RECORDS)
def absence_records(request):
    today = timezone.localdate()
    people = Paginator(selectors.people_with_sickness(today=today), 50).get_page(
        request.GET.get("page")
    )
    factors = selectors.bradford_factors(staff_ids=[p.pk for p in people], today=today)
    search = request.GET.get("q", "").strip()
    records = selectors.sickness_records(search=search)[:100] if search else []
    return render(
        request,
        "absence/records.html",
        {
            "page": people,
            "rows": [(p, factors[p.pk]) for p in people],
            "search": search,
            "records": records,
        },
    )
