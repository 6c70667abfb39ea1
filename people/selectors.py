"""Reads for people."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from people.access import Perm, filter_by_school
from people.models import School, StaffMember, employed_on_condition


def staff_list(*, user, search: str = "", school_urn: str = "") -> QuerySet:
    queryset = filter_by_school(
        StaffMember.objects.select_related("user", "school"), user, Perm.MANAGE_STAFF
    ).order_by("user__last_name", "user__first_name")
    if search:
        queryset = queryset.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(staff_id__iexact=search)
        )
    if school_urn == "central":
        queryset = queryset.filter(school__isnull=True)
    elif school_urn:
        queryset = queryset.filter(school__urn=school_urn)
    return queryset


def school_headcounts() -> QuerySet:
    today = timezone.localdate()
    current = employed_on_condition(today, through="staff__")
    return School.objects.annotate(headcount=Count("staff", filter=current)).order_by("urn")
