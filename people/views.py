from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from common.csvrows import CsvImportError
from people import import_jobs, selectors, services
from people.access import Perm, require, roles_of, staff_record
from people.forms import CsvUploadForm
from people.home import home_panels
from people.import_views import recent_imports
from people.models import AbsenceImport


@login_required
def home(request):
    return render(
        request,
        "people/home.html",
        {
            "panels": home_panels(request),
            "staff": staff_record(request.user),
            "roles": roles_of(request.user),
        },
    )


@require(Perm.MANAGE_STAFF)
def staff_list(request):
    search = request.GET.get("q", "").strip()
    school = request.GET.get("school", "").strip()
    page = Paginator(
        selectors.staff_list(user=request.user, search=search, school_urn=school), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "people/staff_list.html",
        {
            "page": page,
            "search": search,
            "school": school,
            "schools": selectors.school_headcounts(),
        },
    )


@require(Perm.MANAGE_STAFF)
def staff_import(request):
    posted = request.method == "POST"
    form = CsvUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        upload, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
        data = upload.read()
        # A file too large to finish within the request goes to a worker, with its own page.
        if import_jobs.goes_to_background(AbsenceImport.Kind.STAFF, data):
            job = import_jobs.import_queue(
                kind=AbsenceImport.Kind.STAFF,
                data=data,
                file_name=upload.name,
                user=request.user,
                dry_run=dry_run,
            )
            return redirect("people:staff_import_status", pk=job.pk)
        try:
            result = services.staff_import(data=data, dry_run=dry_run)
        except CsvImportError as error:
            problems = error.problems
        else:
            if dry_run:
                job = import_jobs.check_keep(
                    kind=AbsenceImport.Kind.STAFF,
                    data=data,
                    file_name=upload.name,
                    user=request.user,
                    result=result,
                )
                return redirect("people:staff_import_status", pk=job.pk)
            messages.success(request, result.summary())
            return redirect("people:staff_list")
    return render(
        request,
        "people/staff_import.html",
        {
            "form": form,
            "problems": problems,
            "recent": recent_imports(AbsenceImport.Kind.STAFF),
            "background_rows": services.staff_background_threshold(),
        },
    )


@require_GET
def health(request):
    return JsonResponse({"status": "ok"})
