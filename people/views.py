from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from people import selectors, services
from people.access import Perm, require, roles_of, staff_record
from people.home import home_panels
from people.import_views import recent_imports, upload_handle
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
    form, problems, response = upload_handle(
        request,
        kind=AbsenceImport.Kind.STAFF,
        run=services.staff_import,
        status_url="people:staff_import_status",
        done_url="people:staff_list",
    )
    if response:
        return response
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
