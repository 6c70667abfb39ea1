"""Reading charters: the list, a version (page, print, PDF), the versions and their comparison,
acknowledging a version, and the status of a school's pledges."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from charters import selectors, services
from charters.compare import versions_compare
from charters.forms import (
    CompareForm,
)
from charters.measures import measure_label
from charters.pdf import version_pdf
from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    require,
    school_or_403,
    schools_for,
)


@require(Perm.VIEW_CHARTERS)
def index(request):
    return render(
        request,
        "charters/index.html",
        {
            "groups": selectors.charter_index(user=request.user),
            "notices": selectors.notices_for(user=request.user),
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
        },
    )


def _version_page(request, charter, number, *, template="charters/detail.html"):
    version = selectors.version_loaded(charter=charter, number=number)
    current = charter.current_version
    last_read = selectors.last_read_number(charter=charter, user=request.user)
    if number == current.number:
        services.read_record(charter=charter, user=request.user, number=number)
    can_ack = has_perm(request.user, Perm.ACKNOWLEDGE_CHARTERS)
    return render(
        request,
        template,
        {
            "charter": charter,
            "version": version,
            "is_current": number == current.number,
            "current": current,
            "last_read": last_read,
            "acknowledgement": selectors.acknowledgement_of(version=version, user=request.user)
            if can_ack
            else None,
            "can_acknowledge": can_ack,
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
            "measure_label": measure_label,
        },
    )


@require(Perm.VIEW_CHARTERS)
def detail(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    if charter.current_version_id is None:
        return redirect("charters:draft", pk=charter.pk)
    return _version_page(request, charter, charter.current_version.number)


@require(Perm.VIEW_CHARTERS)
def version(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    if charter.current_version_id is None:
        raise Http404
    return _version_page(request, charter, number)


@require(Perm.VIEW_CHARTERS)
def print_view(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    return render(request, "charters/print.html", {"charter": charter, "version": version})


@require(Perm.VIEW_CHARTERS)
def pdf_view(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    response = HttpResponse(version_pdf(charter=charter, version=version), "application/pdf")
    filename = f"{charter.slug}-version-{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(Perm.VIEW_CHARTERS)
def versions(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    items = selectors.version_list(charter=charter)
    numbers = [v.number for v in items]
    initial = {"from": numbers[1], "to": numbers[0]} if len(numbers) > 1 else {}
    return render(
        request,
        "charters/versions.html",
        {
            "charter": charter,
            "versions": items,
            "form": CompareForm(initial=initial, numbers=sorted(numbers)),
        },
    )


@require(Perm.VIEW_CHARTERS)
def compare(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    numbers = sorted(v.number for v in selectors.version_list(charter=charter))
    form = CompareForm(request.GET or None, numbers=numbers)
    if not form.is_valid():
        return render(
            request,
            "charters/compare.html",
            {"charter": charter, "form": form, "comparison": None},
            status=400 if request.GET else 200,
        )
    old = selectors.version_loaded(charter=charter, number=form.cleaned_data["from"])
    new = selectors.version_loaded(charter=charter, number=form.cleaned_data["to"])
    comparison = versions_compare(old, new, measure_label=measure_label)
    return render(
        request,
        "charters/compare.html",
        {"charter": charter, "form": form, "comparison": comparison},
    )


@require_POST
@require(Perm.ACKNOWLEDGE_CHARTERS)
def acknowledge(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    _ack, created = services.acknowledgement_record(version=version, user=request.user)
    if created:
        messages.success(request, f"Thank you: you have acknowledged version {number}.")
    return redirect("charters:version", pk=charter.pk, number=number)


@require(Perm.VIEW_PLEDGE_STATUS)
def status(request):
    urn = request.GET.get("school", "").strip()
    school = None
    if urn:
        school = school_or_403(request.user, Perm.VIEW_PLEDGE_STATUS, urn)
    elif not has_trust_perm(request.user, Perm.VIEW_PLEDGE_STATUS):
        # A governor or head sees their (first) school straight away.
        school = schools_for(request.user, Perm.VIEW_PLEDGE_STATUS).order_by("urn").first()
        if school is None:
            raise PermissionDenied
    return render(
        request,
        "charters/status.html",
        {
            "school": school,
            "schools": schools_for(request.user, Perm.VIEW_PLEDGE_STATUS).order_by("name"),
            "trust_wide": has_trust_perm(request.user, Perm.VIEW_PLEDGE_STATUS),
            "charters": selectors.pledge_status_rows(school=school),
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
        },
    )
