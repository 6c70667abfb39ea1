"""Who may see and do what: the one place the portal's access rules live.

Every view, export and admin page asks this module. Rules follow the table in docs/domain.md,
section "Roles: who sees what": each role grants permissions, either across the trust or for the
school the role is held at. Being staff comes from a current staff record (at the person's own
school); other roles come from role assignments.
"""

from enum import StrEnum
from functools import cache, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from common.model_rows import ModelColumns
from people.models import Role, RoleAssignment, School, StaffMember, User

TRUST = "trust"
SCHOOL = "school"


class Perm(StrEnum):
    # charters
    VIEW_CHARTERS = "view_charters"
    ACKNOWLEDGE_CHARTERS = "acknowledge_charters"
    MANAGE_CHARTERS = "manage_charters"
    VIEW_PLEDGE_STATUS = "view_pledge_status"
    # surveys
    TAKE_SURVEYS = "take_surveys"
    MANAGE_SURVEYS = "manage_surveys"
    VIEW_RESPONSE_RATES = "view_response_rates"
    VIEW_SURVEY_RESULTS = "view_survey_results"
    MODERATE_COMMENTS = "moderate_comments"
    VIEW_ANONYMITY_STATEMENTS = "view_anonymity_statements"
    VIEW_SURVEY_DRIVERS = "view_survey_drivers"
    READ_ANONYMITY_NOTICE = "read_anonymity_notice"
    # you said, we did
    VIEW_ACTIONS = "view_actions"
    MANAGE_ACTIONS = "manage_actions"
    MANAGE_NEWSLETTER = "manage_newsletter"
    # workload
    VIEW_OWN_WORKLOAD = "view_own_workload"
    SCHEDULE_MEETINGS = "schedule_meetings"
    VIEW_DIRECTED_TIME = "view_directed_time"
    MANAGE_WORKLOAD_RULES = "manage_workload_rules"
    MANAGE_DATA_DROPS = "manage_data_drops"
    VIEW_WORKLOAD = "view_workload"
    UPLOAD_MESSAGE_TRACE = "upload_message_trace"
    # people, absence and reports
    MANAGE_STAFF = "manage_staff"
    VIEW_ABSENCE_AGGREGATES = "view_absence_aggregates"
    VIEW_ABSENCE_RECORDS = "view_absence_records"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_REPORTS = "view_reports"
    BUILD_REPORTS = "build_reports"
    # support and people indicators
    VIEW_SUPPORT = "view_support"
    MANAGE_SUPPORT = "manage_support"
    VIEW_PEOPLE_INDICATORS = "view_people_indicators"
    MANAGE_CASEWORK = "manage_casework"
    MANAGE_FLEXIBLE_REQUESTS = "manage_flexible_requests"
    # training and leader wellbeing
    VIEW_OWN_TRAINING = "view_own_training"
    VIEW_TRAINING_DUE = "view_training_due"
    RECORD_LEADER_CHECKINS = "record_leader_checkins"


EVERYONE = {
    Perm.VIEW_CHARTERS: TRUST,
    Perm.VIEW_SUPPORT: TRUST,
    Perm.VIEW_WORKLOAD: TRUST,
    Perm.READ_ANONYMITY_NOTICE: TRUST,
}

RULES: dict[str, dict[Perm, str]] = {
    Role.STAFF: {
        Perm.ACKNOWLEDGE_CHARTERS: TRUST,
        Perm.TAKE_SURVEYS: SCHOOL,
        Perm.VIEW_ACTIONS: SCHOOL,
        Perm.VIEW_OWN_WORKLOAD: SCHOOL,
        Perm.VIEW_OWN_TRAINING: SCHOOL,
    },
    Role.HEAD: {
        Perm.VIEW_PLEDGE_STATUS: SCHOOL,
        Perm.VIEW_SURVEY_DRIVERS: SCHOOL,
        Perm.VIEW_RESPONSE_RATES: SCHOOL,
        Perm.VIEW_SURVEY_RESULTS: SCHOOL,
        Perm.VIEW_ACTIONS: SCHOOL,
        Perm.MANAGE_ACTIONS: SCHOOL,
        Perm.SCHEDULE_MEETINGS: SCHOOL,
        Perm.VIEW_DIRECTED_TIME: SCHOOL,
        Perm.MANAGE_DATA_DROPS: SCHOOL,
        Perm.VIEW_ABSENCE_AGGREGATES: SCHOOL,
        Perm.VIEW_DASHBOARD: SCHOOL,
        Perm.VIEW_REPORTS: SCHOOL,
        Perm.VIEW_PEOPLE_INDICATORS: SCHOOL,
        Perm.MANAGE_FLEXIBLE_REQUESTS: SCHOOL,
        Perm.VIEW_TRAINING_DUE: SCHOOL,
        Perm.RECORD_LEADER_CHECKINS: SCHOOL,
    },
    Role.CHAMPION: {
        Perm.VIEW_SURVEY_RESULTS: SCHOOL,
        Perm.VIEW_ACTIONS: SCHOOL,
        Perm.MANAGE_ACTIONS: SCHOOL,
    },
    Role.FIRST_AIDER: {},
    Role.GOVERNOR: {
        Perm.VIEW_PLEDGE_STATUS: SCHOOL,
        Perm.VIEW_SURVEY_RESULTS: SCHOOL,
        Perm.VIEW_ACTIONS: SCHOOL,
        Perm.VIEW_ABSENCE_AGGREGATES: SCHOOL,
        Perm.VIEW_DASHBOARD: SCHOOL,
        Perm.VIEW_REPORTS: SCHOOL,
        Perm.VIEW_PEOPLE_INDICATORS: SCHOOL,
    },
    Role.TRUSTEE: {
        Perm.VIEW_PLEDGE_STATUS: TRUST,
        Perm.VIEW_SURVEY_DRIVERS: TRUST,
        Perm.VIEW_SURVEY_RESULTS: TRUST,
        Perm.VIEW_ACTIONS: TRUST,
        Perm.VIEW_ABSENCE_AGGREGATES: TRUST,
        Perm.VIEW_DASHBOARD: TRUST,
        Perm.VIEW_REPORTS: TRUST,
        Perm.VIEW_PEOPLE_INDICATORS: TRUST,
    },
    Role.HR: {
        Perm.MANAGE_CHARTERS: TRUST,
        Perm.VIEW_PLEDGE_STATUS: TRUST,
        Perm.MANAGE_SURVEYS: TRUST,
        Perm.VIEW_RESPONSE_RATES: TRUST,
        Perm.VIEW_SURVEY_RESULTS: TRUST,
        Perm.MODERATE_COMMENTS: TRUST,
        Perm.VIEW_ANONYMITY_STATEMENTS: TRUST,
        Perm.VIEW_SURVEY_DRIVERS: TRUST,
        Perm.UPLOAD_MESSAGE_TRACE: TRUST,
        Perm.VIEW_ACTIONS: TRUST,
        Perm.MANAGE_ACTIONS: TRUST,
        Perm.MANAGE_NEWSLETTER: TRUST,
        Perm.SCHEDULE_MEETINGS: TRUST,
        Perm.VIEW_DIRECTED_TIME: TRUST,
        Perm.MANAGE_WORKLOAD_RULES: TRUST,
        Perm.MANAGE_DATA_DROPS: TRUST,
        Perm.MANAGE_STAFF: TRUST,
        Perm.VIEW_ABSENCE_AGGREGATES: TRUST,
        Perm.VIEW_ABSENCE_RECORDS: TRUST,
        Perm.VIEW_DASHBOARD: TRUST,
        Perm.VIEW_REPORTS: TRUST,
        Perm.BUILD_REPORTS: TRUST,
        Perm.MANAGE_SUPPORT: TRUST,
        Perm.VIEW_PEOPLE_INDICATORS: TRUST,
        Perm.MANAGE_CASEWORK: TRUST,
        Perm.MANAGE_FLEXIBLE_REQUESTS: TRUST,
        Perm.VIEW_TRAINING_DUE: TRUST,
        Perm.RECORD_LEADER_CHECKINS: TRUST,
    },
}

# What a stolen password must not reveal: survey results and health (absence) data, raw or
# aggregated, and the reports, dashboards and casework built from them.
SENSITIVE_PERMS = {
    Perm.VIEW_SURVEY_RESULTS,
    Perm.VIEW_SURVEY_DRIVERS,
    Perm.VIEW_ABSENCE_AGGREGATES,
    Perm.VIEW_ABSENCE_RECORDS,
    Perm.VIEW_PEOPLE_INDICATORS,
    Perm.VIEW_DASHBOARD,
    Perm.VIEW_REPORTS,
    Perm.MANAGE_CASEWORK,
}

# Roles that must use multi-factor authentication when REQUIRE_MFA_FOR_PRIVILEGED_ROLES is on:
# every role granted a sensitive permission (today HR, trustees, governors, heads and champions),
# derived from RULES so that a role given results later is covered without a second list.
PRIVILEGED_ROLES = frozenset(
    role for role, perms in RULES.items() if any(perm in SENSITIVE_PERMS for perm in perms)
)


def role_grants(user) -> list[tuple[str, int | None]]:
    """The (role, school id) pairs the user holds, computed once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_role_grants", None)
    if cached is not None:
        return cached
    grants: list[tuple[str, int | None]] = []
    staff = staff_record(user)
    if staff is not None and staff.is_employed_on(timezone.localdate()):
        grants.append((Role.STAFF, staff.school_id))
    if hasattr(user, "_assigned_grants"):  # read with the user (user_with_grants)
        grants.extend(user._assigned_grants)
    else:
        grants.extend(_assignments(user.pk).values_list("role", "school_id"))
    user._role_grants = grants
    return grants


def _assignments(user_id) -> QuerySet:
    # Unordered: the model orders by school URN, a join that the grants have no use for.
    return RoleAssignment.objects.filter(user_id=user_id).order_by()


def user_with_grants(user_id):
    """The user with what access checks ask about them, in one query, or None: their staff
    record and, on PostgreSQL, the roles assigned to them (elsewhere `role_grants` reads those
    when first asked). The sign-in backends (people.auth_backends) load each request's user so.
    """
    if connection.vendor != "postgresql":
        try:
            return User.objects.select_related("staff_member").get(pk=user_id)
        except User.DoesNotExist:
            return None
    with connection.cursor() as cursor:
        cursor.execute(_user_with_grants_sql(), [User._meta.pk.get_prep_value(user_id)])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(_USER_COLUMNS)
    user = _USER_COLUMNS.instance(row[:split])
    staff = None
    if row[split] is not None:  # the staff record's id: None when the person has none
        staff = _STAFF_COLUMNS.instance(row[split : split + len(_STAFF_COLUMNS)])
        StaffMember.user.field.set_cached_value(staff, user)
    User.staff_member.related.set_cached_value(user, staff)
    user._assigned_grants = [
        (role, None if school_id is None else int(school_id)) for role, school_id in row[-1]
    ]
    return user


_USER_COLUMNS = ModelColumns(User, "u")
_STAFF_COLUMNS = ModelColumns(StaffMember, "s")


@cache
def _user_with_grants_sql() -> str:
    """The user, their staff record (or NULLs) and their role assignments as one array of
    [role, school id as text] pairs, in the order of the assignments' ids.

    Written as SQL: building it through the ORM cost more processor time than the query takes
    to run, on every signed-in request. One array of pairs rather than an array per column:
    PostgreSQL then plans one subquery, not two (about 40 µs less of its time per request)."""
    quote = connection.ops.quote_name
    users, staff = quote(User._meta.db_table), quote(StaffMember._meta.db_table)
    assignments = quote(RoleAssignment._meta.db_table)
    grants = (
        f"ARRAY(SELECT ARRAY[{quote('role')}, {quote('school_id')}::text]"
        f" FROM {assignments} WHERE user_id = u.id ORDER BY id)"
    )
    return (
        f"SELECT {_USER_COLUMNS.sql}, {_STAFF_COLUMNS.sql}, {grants}"
        f" FROM {users} u LEFT OUTER JOIN {staff} s ON s.user_id = u.id WHERE u.id = %s"
    )


def staff_record(user):
    """The user's staff record, or None (governors and trustees usually have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_member
    except ObjectDoesNotExist:
        return None


def roles_of(user) -> set[str]:
    return {role for role, _ in role_grants(user)}


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def must_use_mfa(user) -> bool:
    """Whether this account needs an authenticator app when MFA is required: a role that sees
    results or health data, or any user of the Django admin (staff or superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or bool(roles_of(user) & PRIVILEGED_ROLES)


def _scopes(user, perm: Perm) -> tuple[bool, set[int | None]]:
    """Whether the user holds perm trust-wide, and the schools they hold it at otherwise."""
    grants = role_grants(user)
    if not grants and not getattr(user, "is_authenticated", False):
        return False, set()
    trust_wide = perm in EVERYONE and getattr(user, "is_authenticated", False) and user.is_active
    schools: set[int | None] = set()
    for role, school_id in grants:
        scope = RULES.get(role, {}).get(perm)
        if scope == TRUST:
            trust_wide = True
        elif scope == SCHOOL:
            schools.add(school_id)
    return trust_wide, schools


def has_perm(user, perm: Perm) -> bool:
    trust_wide, schools = _scopes(user, perm)
    return trust_wide or bool(schools)


def has_trust_perm(user, perm: Perm) -> bool:
    """Whether the user holds perm across the whole trust (not only for some schools)."""
    return _scopes(user, perm)[0]


def may_for_school(user, perm: Perm, school) -> bool:
    """Whether the user holds perm for this school (None means central, trust-level staff)."""
    trust_wide, schools = _scopes(user, perm)
    school_id = school.pk if isinstance(school, School) else school
    return trust_wide or school_id in schools


def school_ids_for(user, perm: Perm) -> set[int | None] | None:
    """School ids where the user holds perm; None means every school (trust-wide)."""
    trust_wide, schools = _scopes(user, perm)
    return None if trust_wide else schools


def schools_for(user, perm: Perm) -> QuerySet:
    """The schools whose data the user may see or change under perm."""
    ids = school_ids_for(user, perm)
    if ids is None:
        return School.objects.all()
    return School.objects.filter(pk__in=[i for i in ids if i is not None])


def filter_by_school(queryset: QuerySet, user, perm: Perm, field: str = "school") -> QuerySet:
    """Narrow a queryset of school-owned rows to the schools the user may see under perm."""
    ids = school_ids_for(user, perm)
    if ids is None:
        return queryset
    real = [i for i in ids if i is not None]
    condition = {f"{field}__in": real}
    if None in ids:
        from django.db.models import Q

        return queryset.filter(Q(**condition) | Q(**{f"{field}__isnull": True}))
    return queryset.filter(**condition)


def require(perm: Perm):
    """View decorator: anonymous users go to the login page; users without perm get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm
        return wrapped

    return decorator


def check_school(user, perm: Perm, school) -> None:
    """Raise 403 unless the user holds perm for this school."""
    if not may_for_school(user, perm, school):
        raise PermissionDenied


def school_or_403(user, perm: Perm, urn: str) -> School:
    school = get_object_or_404(School, urn=urn)
    check_school(user, perm, school)
    return school


def object_or_404(queryset: QuerySet, user, perm: Perm, field: str = "school", **lookup):
    """Fetch a school-owned object; one of a school the user may not see under perm is a 404."""
    return get_object_or_404(filter_by_school(queryset, user, perm, field), **lookup)
