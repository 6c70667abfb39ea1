"""The staff import on PostgreSQL: the file is COPied into a temporary table, then its rows are
checked, compared with the stored staff and accounts and written in a few set-based statements.

Only the rows SQL finds at fault go back through Python: parse_staff_row (people/staff_rows.py),
the same function the row-by-row import uses, words their problems, so the messages cannot
differ. Values with rules of their own (FTE, dates, role group, working days) are few and repeat:
each distinct one is read once, exactly as a row would read it, and SQL looks the rows' values
up. Emails are mostly all different: one that is plainly an address (plain_email) is lowered and
taken in SQL; any other is read in Python.

The caller (people/services.py) runs these in one transaction: the temporary tables go with it.
"""

from collections.abc import Callable

from django.db import connection

from common.csvcopy import CopiedTable, copy_table, readings_sql
from common.csvrows import CsvImportError, CsvProblem, CsvRow
from people.models import School, StaffMember, Trust, User
from people.staff_rows import (
    LENGTH_LIMITS,
    STAFF_COLUMNS,
    STAFF_REQUIRED,
    email_read,
    email_taken_problem,
    fte_read,
    parse_staff_row,
    repeated_problem,
    role_group_read,
    unknown_urn_problem,
    working_days_read,
)

ROWS = "staff_import_rows"
CHECKED = "staff_import_checked"
CHANGED = "staff_import_changed"
STAFF = StaffMember._meta.db_table
USERS = User._meta.db_table
SCHOOLS = School._meta.db_table

# An address Django's validate_email always accepts, in ASCII (so lower() in the "C" collation
# lowers it as Python does): these characters, in this shape, with no empty part, no label
# starting or ending with "-", and short enough that no part of the domain is too long (a regex
# with each of those rules in it is many times slower). Tests compare it with validate_email.
PLAIN_EMAIL = r"^[A-Za-z0-9_%+-][A-Za-z0-9_%+.-]*@[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z][A-Za-z]+$"


def plain_email(value: str) -> str:
    """SQL saying whether the text `value` is plainly an address (params: plain_email)."""
    return (
        f"({value} ~ %(plain_email)s AND length({value}) <= 64 AND strpos({value}, '..') = 0"
        f" AND strpos({value}, '.@') = 0 AND strpos({value}, '-.') = 0"
        f" AND strpos({value}, '.-') = 0)"
    )


READ_COLUMNS = {
    "fte": "fte",
    "start_date": "date",
    "end_date": "date",
    "role_group": "role_group",
    "working_days": "working_days",
}
READERS = {
    "fte": fte_read,
    "date": lambda row, column: row.date(column),
    "role_group": role_group_read,
    "working_days": working_days_read,
}
SQL_TYPES = {"fte": "numeric", "date": "date", "role_group": "text", "working_days": "text"}

# As set_unusable_password() makes it: "!" (Django takes no password starting with it) and 40
# random characters.
UNUSABLE_PASSWORD = (
    "'!' || left(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 40)"
)
STAFF_FIELDS = [
    "school_id",
    "role_group",
    "department",
    "fte",
    "working_days",
    "start_date",
    "end_date",
]
# The account's fields; `active` is the file's is_active: false for a leaver (last day passed).
USER_FIELDS = ["email", "first_name", "last_name", "is_active"]
USER_VALUES = ["email", "first_name", "last_name", "active"]
# The stored values the checked rows carry: each staff and account field, and the account.
STORED_AS = {
    **{f"s.{field}": f"stored_{field}" for field in STAFF_FIELDS},
    **{f"u.{field}": f"stored_{field}" for field in USER_FIELDS},
    "s.user_id": "stored_user_id",
}
STORED = list(STORED_AS.values())


def load_and_check(data, report: Callable[[str, int, int], None]) -> CopiedTable:
    """Load the file into a temporary table and check every row; CsvImportError on a problem."""
    with connection.cursor() as cursor:
        # The sorts and hashes over a large file's rows stay in memory (for this transaction).
        cursor.execute("SET LOCAL work_mem = '64MB'")
    loaded = copy_table(data, name=ROWS, required=STAFF_REQUIRED, columns=STAFF_COLUMNS)
    report("checking", 0, loaded.rows)
    with connection.cursor() as cursor:
        _create_checked(cursor)
        problems = (
            _row_problems(cursor)
            + _repeated_problems(cursor)
            + _unknown_urn_problems(cursor, "school_name" in loaded.header)
            + _email_taken_problems(cursor)
        )
    if problems:
        raise CsvImportError(problems)
    report("checking", loaded.rows, loaded.rows)
    return loaded


def _emails_read(cursor) -> None:
    """Each email that is not plainly an address, read by email_read: lowered, and whether it is
    one."""
    cursor.execute(f"SELECT DISTINCT email_text FROM {CHECKED} WHERE NOT email_valid")
    texts, lowered, valid = [], [], []
    for (text,) in cursor.fetchall():
        row = CsvRow(line=0, values={"email": text})
        texts.append(text)
        lowered.append(email_read(row))
        valid.append(not row.problems)
    if texts:
        cursor.execute(
            f"UPDATE {CHECKED} c SET email = email_read.lowered, email_valid = email_read.valid "
            "FROM unnest(%s::text[], %s::text[], %s::boolean[]) email_read(text, lowered, valid) "
            "WHERE c.email_text = email_read.text AND NOT c.email_valid",
            [texts, lowered, valid],
        )


def _create_checked(cursor) -> None:
    """The rows with their values read, their school found, and the stored values of their staff
    record and its account (STORED; NULL for a new record). `at_fault` marks every row with a
    problem of its own but for its email (and may mark a few more: Python has the last word on
    those); `email_valid` says whether the email is an address."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{CHECKED}")
    params: dict = {"plain_email": PLAIN_EMAIL}
    read, joins = readings_sql(cursor, ROWS, READ_COLUMNS, READERS, SQL_TYPES, params)
    too_long = " OR ".join(
        f"length({column}_text) > {limit}" for column, limit in LENGTH_LIMITS.items()
    )
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS
        SELECT line, staff_id, email_text,
               CASE WHEN email_valid THEN lower(email_text COLLATE "C") END AS email,
               email_valid, first_name, last_name,
               school_urn, school_name, department, role_group, fte, working_days, start_date,
               end_date, school_id, staff_pk, {", ".join(STORED)},
               (staff_id = '' OR fte IS NULL
                OR start_date IS NULL OR (end_date_text <> '' AND end_date IS NULL)
                OR coalesce(end_date < start_date, false)
                OR (school_urn <> '' AND school_urn !~ '^[0-9]{{6}}$')
                OR first_name = '' OR last_name = '' OR role_group IS NULL
                OR working_days IS NULL OR {too_long}
               ) AS at_fault
        FROM (  -- OFFSET 0 keeps each value read once, however often the test above uses it
            SELECT r.line, r.staff_id, r.first_name, r.last_name, r.school_urn, r.school_name,
                   r.department,
                   {plain_email("r.email")} AS email_valid,  -- email_text: see the lengths
                   r.end_date AS end_date_text,
                   {", ".join(f"r.{column} AS {column}_text" for column in LENGTH_LIMITS)},
                   {", ".join(f"{sql} AS {column}" for column, sql in read.items())},
                   sc.id AS school_id, s.id AS staff_pk,
                   {", ".join(f"{column} AS {STORED_AS[column]}" for column in STORED_AS)}
            FROM (SELECT * FROM {ROWS} OFFSET 0) r  -- each value trimmed once (csvcopy's view)
            LEFT JOIN {SCHOOLS} sc ON sc.urn = r.school_urn
            LEFT JOIN {STAFF} s ON s.staff_id = r.staff_id
            LEFT JOIN {USERS} u ON u.id = s.user_id
            {joins}
            OFFSET 0
        ) AS read
        """,
        params,
    )
    _emails_read(cursor)
    # The planner then knows the rows (how many, how many are new staff) for what follows.
    cursor.execute(f"ANALYZE {CHECKED} (staff_pk)")


def _row_problems(cursor) -> list[CsvProblem]:
    """The problems of the rows at fault, worded by parse_staff_row."""
    cursor.execute(f"SELECT line FROM {CHECKED} WHERE at_fault IS NOT FALSE OR NOT email_valid")
    lines = [line for (line,) in cursor.fetchall()]
    if not lines:
        return []
    columns = ", ".join(STAFF_COLUMNS)
    cursor.execute(
        f"SELECT line, {columns} FROM {ROWS} WHERE line = ANY(%s) ORDER BY line", [lines]
    )
    problems = []
    for line, *values in cursor.fetchall():
        row = CsvRow(line=line, values=dict(zip(STAFF_COLUMNS, values, strict=True)))
        parse_staff_row(row)
        problems += row.problems
    return problems


def _repeated_problems(cursor) -> list[CsvProblem]:
    """Staff ids and emails (as given, and lowered) on an earlier line too."""
    cursor.execute(
        f"""
        SELECT line, column_name, value, first FROM (
            SELECT line, 'staff_id' AS column_name, staff_id AS value,
                   min(line) OVER (PARTITION BY staff_id) AS first
            FROM {CHECKED} WHERE staff_id IN (
                SELECT staff_id FROM {CHECKED} WHERE staff_id <> ''
                GROUP BY staff_id HAVING count(*) > 1
            )
            UNION ALL
            SELECT line, 'email', email, min(line) OVER (PARTITION BY email)
            FROM {CHECKED} WHERE email IN (
                SELECT email FROM {CHECKED} WHERE email <> ''
                GROUP BY email HAVING count(*) > 1
            )
        ) repeated
        WHERE line > first
        ORDER BY line, column_name DESC
        """
    )
    return [repeated_problem(*found) for found in cursor.fetchall()]


def _unknown_urn_problems(cursor, has_school_name: bool) -> list[CsvProblem]:
    """URNs of no school, unless the file names the school to create."""
    creates = "AND school_name = ''" if has_school_name else ""
    cursor.execute(
        f"SELECT line, school_urn FROM {CHECKED} "
        f"WHERE school_urn <> '' AND school_id IS NULL {creates} ORDER BY line"
    )
    return [unknown_urn_problem(line, urn) for line, urn in cursor.fetchall()]


def _email_taken_problems(cursor) -> list[CsvProblem]:
    """An email may stay with its own staff record, or join a record that is new to an account
    that has none yet (a governor who is also on the staff); it is never taken from someone
    else. Only emails other than the record's own account's are looked up."""
    cursor.execute(
        f"""
        SELECT c.line, c.email, owner.staff_id
        FROM {CHECKED} c
        JOIN {USERS} u ON u.email = c.email
        LEFT JOIN {STAFF} owner ON owner.user_id = u.id
        WHERE c.email <> '' AND c.email IS DISTINCT FROM c.stored_email
          AND CASE WHEN owner.id IS NULL THEN c.staff_pk IS NOT NULL
                                     ELSE owner.staff_id <> c.staff_id END
        ORDER BY c.line
        """
    )
    return [email_taken_problem(*found) for found in cursor.fetchall()]


def apply(rows: int, now, today) -> dict[str, list]:
    """Write the `rows` checked rows: schools the file creates, changed staff and accounts, new
    accounts and staff. What was done, each list in the file's order: "schools_created" (URNs),
    "created", "updated" and "deactivated" (staff pks), "leavers" (staff pks whose leave date
    the import set or moved); and "unchanged", how many stored staff it left as they were."""
    with connection.cursor() as cursor:
        done: dict = {"schools_created": _schools_create(cursor)}
        _create_changed(cursor, today)
        cursor.execute(f"SELECT staff_pk, deactivated, leaving FROM {CHANGED} ORDER BY line")
        changed = cursor.fetchall()
        updated = [found for found in changed if found[0] is not None]
        done["updated"] = [pk for pk, _, _ in updated]
        done["deactivated"] = [pk for pk, deactivated, _ in updated if deactivated]
        done["leavers"] = [pk for pk, _, leaving in updated if leaving]
        done["unchanged"] = rows - len(changed)
        if updated:
            _stored_update(cursor, now)
        done["created"] = []
        if len(updated) < len(changed):
            created = _staff_create(cursor, now)
            done["created"] = [pk for pk, _ in created]
            done["leavers"] += [pk for pk, leaving in created if leaving]
    return done


def listed() -> dict[str, list[str]]:
    """'Name (staff id)' of the people added, changed and made leavers, as apply() wrote them."""
    groups: dict[str, list[str]] = {"added": [], "changed": [], "leavers": []}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT first_name, last_name, staff_id, staff_pk IS NULL, deactivated FROM {CHANGED}"
        )
        for first, last, staff_id, added, deactivated in cursor.fetchall():
            group = "added" if added else "leavers" if deactivated else "changed"
            groups[group].append(f"{first} {last} ({staff_id})")
    return {group: sorted(names) for group, names in groups.items()}


def _schools_create(cursor) -> list[str]:
    """Create the schools the file names for URNs no school has (the name on its first line)."""
    cursor.execute(
        f"SELECT school_urn, school_name FROM {CHECKED} "
        "WHERE school_urn <> '' AND school_id IS NULL ORDER BY line"
    )
    created: dict[str, int] = {}
    trust = None
    for urn, name in cursor.fetchall():
        if urn not in created:
            trust = trust or Trust.current()
            created[urn] = School.objects.create(trust=trust, urn=urn, name=name).pk
    if created:
        cursor.execute(
            f"UPDATE {CHECKED} c SET school_id = made.id "
            "FROM unnest(%s::text[], %s::bigint[]) made(urn, id) WHERE c.school_urn = made.urn",
            [list(created), list(created.values())],
        )
    return list(created)


def _create_changed(cursor, today) -> None:
    """The rows that add a staff record or change a stored one or its account, with the account
    (a new record's is an account with no staff record and the same email, if there is one)."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{CHANGED}")
    stored = ", ".join(f"c.stored_{f}" for f in [*STAFF_FIELDS, *USER_FIELDS])
    given = ", ".join([*(f"c.{f}" for f in STAFF_FIELDS), *(f"c.{f}" for f in USER_VALUES)])
    stored_user = ", ".join(f"c.stored_{f}" for f in USER_FIELDS)
    account_user = ", ".join(f"u.{f}" for f in USER_FIELDS)
    given_user = ", ".join(f"c.{f}" for f in USER_VALUES)
    kept = ", ".join(f"c.{column}" for column in ["line", "staff_pk", "staff_id", *STAFF_FIELDS])
    checked = f"(SELECT *, coalesce(end_date >= %(today)s, true) AS active FROM {CHECKED})"
    # Stored records (their values are in the checked rows), then new ones.
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHANGED} ON COMMIT DROP AS
        SELECT {kept}, {given_user}, c.stored_user_id AS user_id,
               ({stored_user}) IS DISTINCT FROM ({given_user}) AS user_changed,
               c.stored_is_active AND NOT c.active AS deactivated,
               c.end_date IS NOT NULL AND c.end_date IS DISTINCT FROM c.stored_end_date AS leaving
        FROM {checked} c
        WHERE c.staff_pk IS NOT NULL AND ({stored}) IS DISTINCT FROM ({given})
        UNION ALL
        SELECT {kept}, {given_user}, u.id, ({account_user}) IS DISTINCT FROM ({given_user}),
               false, c.end_date IS NOT NULL
        FROM {checked} c
        LEFT JOIN {USERS} u ON u.email = c.email
            AND NOT EXISTS (SELECT FROM {STAFF} taken WHERE taken.user_id = u.id)
        WHERE c.staff_pk IS NULL
        """,
        {"today": today},
    )


def _stored_update(cursor, now) -> None:
    """Write the changes to stored accounts, then to stored staff records (whose updated_at
    moves with their account's details too: staff_changed_since)."""
    cursor.execute(
        f"UPDATE {USERS} u SET "
        + ", ".join(f"{f} = ch.{v}" for f, v in zip(USER_FIELDS, USER_VALUES, strict=True))
        + f" FROM {CHANGED} ch WHERE u.id = ch.user_id AND ch.user_changed"
    )
    cursor.execute(
        f"UPDATE {STAFF} s SET "
        + ", ".join(f"{f} = ch.{f}" for f in STAFF_FIELDS)
        + f", updated_at = %s FROM {CHANGED} ch WHERE s.id = ch.staff_pk",
        [now],
    )


def _staff_create(cursor, now) -> list[tuple[int, bool]]:
    """Add the new staff, with new accounts (no usable password) for those without one; per new
    record in the file's order, its pk and whether it has a leave date."""
    cursor.execute(
        f"""
        INSERT INTO {USERS} (password, is_superuser, is_staff, date_joined,
                             {", ".join(USER_FIELDS)})
        SELECT {UNUSABLE_PASSWORD}, false, false, %s, {", ".join(USER_VALUES)}
        FROM {CHANGED} WHERE staff_pk IS NULL AND user_id IS NULL ORDER BY line
        """,
        [now],
    )
    fields = ", ".join(STAFF_FIELDS)
    cursor.execute(
        f"""
        INSERT INTO {STAFF} (user_id, staff_id, {fields}, updated_at)
        SELECT coalesce(ch.user_id, fresh.id), ch.staff_id,
               {", ".join(f"ch.{f}" for f in STAFF_FIELDS)}, %s
        FROM {CHANGED} ch
        LEFT JOIN {USERS} fresh ON ch.user_id IS NULL AND fresh.email = ch.email
        WHERE ch.staff_pk IS NULL ORDER BY ch.line
        RETURNING id, end_date IS NOT NULL
        """,
        [now],
    )
    return sorted(cursor.fetchall())
