from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from absence import selectors, services, store
from common.csvrows import CsvImportError
from people import import_jobs
from people.access import Perm, has_trust_perm, require, schools_for
from people.forms import CsvUploadForm
from people.import_views import recent_imports
from people.models import AbsenceImport, RoleGroup


@require(Perm.VIEW_ABSENCE_AGGREGATES)
def absence_figures(request):
    choices = store.figure_terms()
    term = request.GET.get("term") or (choices[0] if choices else "")
    if term not in choices:
        term = choices[0] if choices else ""
    sums = store.period_sums(term_keys=[term]) if term else None
    figures = selectors.figures_of_sums(sums) if sums else None
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
        if import_jobs.goes_to_background(AbsenceImport.Kind.ABSENCE, data):
            job = import_jobs.import_queue(
                kind=AbsenceImport.Kind.ABSENCE,
                data=data,
                file_name=upload.name,
                user=request.user,
                dry_run=dry_run,
            )
            return redirect("absence:import_status", pk=job.pk)
        try:
            result = services.absence_import(data=data, dry_run=dry_run)
        except CsvImportError as error:
            problems = error.problems
        else:
            if dry_run:
                job = import_jobs.check_keep(
                    kind=AbsenceImport.Kind.ABSENCE,
                    data=data,
                    file_name=upload.name,
                    user=request.user,
                    result=result,
                )
                return redirect("absence:import_status", pk=job.pk)
            messages.success(request, result.summary())
            return redirect("absence:import")
    recent = recent_imports(AbsenceImport.Kind.ABSENCE)
    return render(
        request, "absence/import.html", {"form": form, "problems": problems, "recent": recent}
    )


@require(Perm.VIEW_ABSENCE_RECORDS)
def absence_records(request):
    today = timezone.localdate()
    page = Paginator(store.people_with_sickness_ids(today=today), 50).get_page(
        request.GET.get("page")
    )
    people = selectors.staff_in_order(page.object_list)
    factors = selectors.bradford_factors(staff_ids=[p.pk for p in people], today=today)
    search = request.GET.get("q", "").strip()
    records = selectors.sickness_records(search=search)[:100] if search else []
    return render(
        request,
        "absence/records.html",
        {
            "page": page,
            "rows": [(p, factors[p.pk]) for p in people],
            "search": search,
            "records": records,
        },
    )
