"""Writes for people: the staff import, invitation links and leavers' accounts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from common.csvfiles import read_table
from common.csvrows import CsvProblem, database_errors_refused, raise_if_problems
from people import import_sql
from people.models import School, StaffMember, Trust, User
from people.staff_rows import (
    STAFF_COLUMNS,
    STAFF_REQUIRED,
    StaffRow,
    email_taken_problem,
    parse_staff_row,
    repeated_problem,
    unknown_urn_problem,
)
from people.tokens import invitation_token_generator

# Files with at least this many rows are imported by a Celery worker from the web page, with
# progress on a page of their own (people/import_jobs.py): row by row (SQLite) a staff row is a few
# queries, so a large file takes longer than a web request may.
DEFAULT_STAFF_BACKGROUND_ROWS = 2_000
PROGRESS_EVERY = 500
STAFF_NEWER_DATA = (
    "Nothing was imported: staff records were changed after this file was uploaded, so it may "
    "be out of date. Upload it again if it is still right."
)

Progress = Callable[[str, int, int], None]


def staff_background_threshold() -> int:
    return getattr(settings, "STAFF_BACKGROUND_ROWS", DEFAULT_STAFF_BACKGROUND_ROWS)


def staff_changed_since(moment) -> bool:
    """Whether any staff record (or its account's details, through an import) changed after
    `moment`: a queued staff file is then refused rather than applied over the change."""
    return StaffMember.objects.filter(updated_at__gt=moment).exists()


@dataclass
class StaffImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[int] = field(default_factory=list)
    schools_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    read_note: str = ""
    # Names with staff ids of who is added, changed and made a leaver (filled before a check's
    # rollback, so a check can list them).
    listed: dict[str, list[str]] = field(default_factory=dict)

    def changes(self) -> dict:
        return {"staff": self.listed}

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (
            f"{len(self.created)} staff {verb} added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged; "
            f"{len(self.deactivated)} leaver account(s) {verb} deactivated"
        )
        if self.schools_created:
            text += f"; schools {verb} created: {', '.join(self.schools_created)}"
        return f"{text}. {self.read_note}".strip()


def _cross_check(parsed: list[StaffRow], has_school_name: bool) -> list[CsvProblem]:
    problems: list[CsvProblem] = []
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for item in parsed:
        if item.staff_id and item.staff_id in seen_ids:
            problems.append(
                repeated_problem(item.line, "staff_id", item.staff_id, seen_ids[item.staff_id])
            )
        seen_ids.setdefault(item.staff_id, item.line)
        if item.email and item.email in seen_emails:
            problems.append(
                repeated_problem(item.line, "email", item.email, seen_emails[item.email])
            )
        seen_emails.setdefault(item.email, item.line)

    known_urns = set(School.objects.values_list("urn", flat=True))
    for item in parsed:
        if item.school_urn and item.school_urn not in known_urns:
            if has_school_name and item.school_name:
                continue
            problems.append(unknown_urn_problem(item.line, item.school_urn))

    # An email may stay with its own staff record, or join a record to an account that has none
    # yet (a governor who is also on the staff); it is never taken from someone else.
    known_ids = set(
        StaffMember.objects.filter(staff_id__in=[p.staff_id for p in parsed]).values_list(
            "staff_id", flat=True
        )
    )
    owners = dict(
        User.objects.filter(email__in=[p.email for p in parsed if p.email]).values_list(
            "email", "staff_member__staff_id"
        )
    )
    for item in parsed:
        if item.email not in owners:
            continue
        owner = owners[item.email]
        if owner == item.staff_id or (owner is None and item.staff_id not in known_ids):
            continue
        problems.append(email_taken_problem(item.line, item.email, owner))
    return problems


def staff_import(
    *,
    data,
    dry_run: bool = False,
    send_invitations: bool = True,
    progress: Progress | None = None,
) -> StaffImportResult:
    """Validate and apply a staff file (CSV or XLSX: bytes, text or a binary file object).

    Raises CsvImportError (and writes nothing) on any problem. `progress(stage, done, total)`
    hears how far checking, then saving, has got (the background job shows it).
    """
    report = progress or (lambda stage, done, total: None)
    if connection.vendor == "postgresql":
        return _import_in_sql(data, dry_run, send_invitations, report)
    return _import_in_python(data, dry_run, send_invitations, report)


def _import_in_sql(data, dry_run: bool, send_invitations: bool, report: Progress):
    with database_errors_refused(), transaction.atomic():
        loaded = import_sql.load_and_check(data, report)
        result = StaffImportResult(dry_run=dry_run, read_note=loaded.read_note())
        done = import_sql.apply(loaded.rows, timezone.now(), timezone.localdate())
        result.schools_created = done["schools_created"]
        result.created, result.updated = done["created"], done["updated"]
        result.deactivated, result.unchanged = done["deactivated"], done["unchanged"]
        written = len(result.created) + len(result.updated)
        report("saving", written, written)
        result.listed = import_sql.listed()
        # Written in bulk, which sends no signals: tell who keeps figures.
        _finish(result, result.created + result.updated, send_invitations, lambda: done["leavers"])
    return result


def _import_in_python(data, dry_run: bool, send_invitations: bool, report: Progress):
    table = read_table(data, required=STAFF_REQUIRED, columns=STAFF_COLUMNS)
    rows = table.rows
    report("checking", 0, len(rows))
    parsed = []
    for index, row in enumerate(rows, 1):
        parsed.append(parse_staff_row(row))
        if index % PROGRESS_EVERY == 0:
            report("checking", index, len(rows))
    raise_if_problems(rows, _cross_check(parsed, "school_name" in table.header))

    result = StaffImportResult(dry_run=dry_run, read_note=table.read_note())
    del table, rows
    ids = [p.staff_id for p in parsed]
    ends_before = dict(
        StaffMember.objects.filter(staff_id__in=ids).values_list("staff_id", "end_date")
    )

    def leavers() -> list[int]:
        """Staff whose leave date this import newly set."""
        return [
            pk
            for pk, staff_id, end in StaffMember.objects.filter(
                staff_id__in=ids, end_date__isnull=False
            ).values_list("pk", "staff_id", "end_date")
            if ends_before.get(staff_id) != end
        ]

    with database_errors_refused(), transaction.atomic():
        _apply_staff_rows(parsed, result, report)
        result.listed = _staff_listed(result)
        # New staff are written in bulk, which sends no signals: tell who keeps figures.
        _finish(result, list(result.created), send_invitations, leavers)
    return result


def _finish(
    result: StaffImportResult,
    written: list[int],
    send_invitations: bool,
    leavers: Callable[[], list[int]],
) -> None:
    """Inside the import's transaction, once its rows are written: undo a check, or run the
    written hooks and, on commit, the joiner and leaver hooks."""
    if result.dry_run:
        transaction.set_rollback(True)
        return
    if written:
        _hooks_run(_written_hooks, written)
    if send_invitations and result.created:
        created = list(result.created)
        transaction.on_commit(lambda: _hooks_run(_joiner_hooks, created))
    # Staff whose leave date this import newly set are offered an exit questionnaire.
    leaving = leavers()
    if leaving:
        transaction.on_commit(lambda: _hooks_run(_leaver_hooks, leaving))


# What other apps do after a staff import, registered in their AppConfig.ready(): each hook is
# called with staff_ids= once the import has committed. Joiners are the new people to invite (when
# the import sends invitations), leavers the people whose leave date the import newly set.
# Written hooks are called inside the import's transaction with the staff it wrote without
# sending signals: those it created (and, on PostgreSQL, those it changed).
_joiner_hooks: list[Callable] = []
_leaver_hooks: list[Callable] = []
_written_hooks: list[Callable] = []


def register_staff_import_hooks(
    *,
    joiners: Callable | None = None,
    leavers: Callable | None = None,
    written: Callable | None = None,
):
    if joiners is not None:
        _joiner_hooks.append(joiners)
    if leavers is not None:
        _leaver_hooks.append(leavers)
    if written is not None:
        _written_hooks.append(written)


def _hooks_run(hooks: list[Callable], staff_ids: list[int]) -> None:
    for hook in hooks:
        hook(staff_ids=staff_ids)


def _apply_staff_rows(parsed: list[StaffRow], result: StaffImportResult, report: Progress) -> None:
    trust = Trust.current()
    today = timezone.localdate()
    schools = {s.urn: s for s in School.objects.all()}
    for item in parsed:
        if item.school_urn and item.school_urn not in schools:
            schools[item.school_urn] = School.objects.create(
                trust=trust, urn=item.school_urn, name=item.school_name
            )
            result.schools_created.append(item.school_urn)
    existing = {
        s.staff_id: s
        for s in StaffMember.objects.select_related("user").filter(
            staff_id__in=[p.staff_id for p in parsed]
        )
    }
    accounts = {
        u.email: u
        for u in User.objects.filter(
            email__in=[p.email for p in parsed if p.staff_id not in existing],
            staff_member__isnull=True,
        )
    }
    new_staff: list[StaffMember] = []
    for index, item in enumerate(parsed, 1):
        if index % PROGRESS_EVERY == 0:
            report("saving", index, len(parsed))
        leaver = item.end_date is not None and item.end_date < today
        school = schools[item.school_urn] if item.school_urn else None
        staff_fields = {
            "school_id": school.pk if school else None,
            "role_group": item.role_group,
            "department": item.department,
            "fte": item.fte,
            "working_days": item.working_days,
            "start_date": item.start_date,
            "end_date": item.end_date,
        }
        user_fields = {
            "email": item.email,
            "first_name": item.first_name,
            "last_name": item.last_name,
            "is_active": not leaver,
        }
        staff = existing.get(item.staff_id)
        if staff is None:
            user = accounts.get(item.email)
            if user is None:
                user = User(**user_fields)
                user.set_unusable_password()
                user.save()
            elif _assign_changes(user, user_fields):
                user.save()
            new_staff.append(StaffMember(user=user, staff_id=item.staff_id, **staff_fields))
            continue
        changed_user = _assign_changes(staff.user, user_fields)
        changed_staff = _assign_changes(staff, staff_fields)
        if changed_user:
            staff.user.save(update_fields=changed_user)
            if "is_active" in changed_user and leaver:
                result.deactivated.append(staff.pk)
        if changed_user or changed_staff:
            # updated_at moves with the account's details too (staff_changed_since).
            staff.save(update_fields=[*changed_staff, "updated_at"])
            result.updated.append(staff.pk)
        else:
            result.unchanged += 1
    if new_staff:
        StaffMember.objects.bulk_create(new_staff)
        result.created.extend(s.pk for s in new_staff)


def _staff_listed(result: StaffImportResult) -> dict[str, list[str]]:
    """'Name (staff id)' of the people added, changed and made leavers, in one query."""
    deactivated = set(result.deactivated)
    groups = {
        "added": result.created,
        "changed": [pk for pk in result.updated if pk not in deactivated],
        "leavers": result.deactivated,
    }
    names = {
        pk: f"{first} {last} ({staff_id})"
        for pk, staff_id, first, last in StaffMember.objects.filter(
            pk__in=[pk for pks in groups.values() for pk in pks]
        ).values_list("pk", "staff_id", "user__first_name", "user__last_name")
    }
    return {group: sorted(names[pk] for pk in pks if pk in names) for group, pks in groups.items()}


def _assign_changes(instance, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def password_setup_url(user: User) -> str:
    """An invitation's link to choose a password (lasts INVITATION_TIMEOUT_DAYS, see tokens.py)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": invitation_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def leavers_deactivate(*, today: date | None = None) -> int:
    """Deactivate the accounts of staff whose last day has passed (never delete them)."""
    today = today or timezone.localdate()
    return User.objects.filter(is_active=True, staff_member__end_date__lt=today).update(
        is_active=False
    )
