"""The staff import checked in SQL (PostgreSQL) says and writes exactly what the row-by-row import
(kept for SQLite) does: same problems at the same lines, same staff, accounts and schools, nothing
written for rows that did not change."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.validators import validate_email
from django.db import connection, transaction

from common.csvrows import CsvImportError
from people import import_sql, services
from people.models import School, StaffMember, User
from tests.factories import SchoolFactory, StaffMemberFactory, UserFactory
from tests.people.helpers import HEADER, staff_csv

pytestmark = pytest.mark.django_db

NAMED = HEADER + ",school_name"


@pytest.fixture
def world():
    """Two schools, three staff (one already a leaver) and an account with no staff record."""
    alder = SchoolFactory(urn="100001", name="Alder")
    birch = SchoolFactory(urn="100002", name="Birch")
    for staff_id, email, first, school, end in [
        ("K1", "kay.one@example.org", "Kay", alder, None),
        ("K2", "kim.two@example.org", "Kim", birch, None),
        ("K3", "kit.three@example.org", "Kit", alder, date(2026, 7, 31)),
    ]:
        StaffMemberFactory(
            staff_id=staff_id,
            user=UserFactory(email=email, first_name=first, last_name="Stored"),
            school=school,
            fte=Decimal("1"),
            start_date=date(2015, 9, 1),
            end_date=end,
        )
    UserFactory(email="gov@example.org", first_name="Gail", last_name="Nor")


def _quiet(stage, done, total):
    return None


def _each_way(run):
    """run(import function) in the SQL import and in the row-by-row import, each undone."""
    found = []
    for way in (services._import_in_sql, services._import_in_python):
        with transaction.atomic():
            found.append(run(way))
            transaction.set_rollback(True)
    return found[0], found[1]


def _problems_each_way(text, dry_run=False) -> tuple[list[str], list[str]]:
    def run(way):
        with pytest.raises(CsvImportError) as error:
            way(text, dry_run, False, _quiet)
        return [str(p) for p in error.value.problems]

    return _each_way(run)


def _stored() -> dict:
    return {
        "staff": list(
            StaffMember.objects.order_by("staff_id").values_list(
                "staff_id",
                "user__email",
                "school__urn",
                "role_group",
                "department",
                "fte",
                "working_days",
                "start_date",
                "end_date",
            )
        ),
        "users": list(
            User.objects.order_by("email").values_list(
                "email",
                "first_name",
                "last_name",
                "is_active",
                "is_staff",
                "is_superuser",
                "last_login",
            )
        ),
        "usable_passwords": sorted(u.email for u in User.objects.all() if u.has_usable_password()),
        "schools": list(School.objects.order_by("urn").values_list("urn", "name", "phase")),
    }


def _staff_ids(pks) -> list[str]:
    by_pk = dict(StaffMember.objects.filter(pk__in=pks).values_list("pk", "staff_id"))
    return [by_pk[pk] for pk in pks]


def _outcome_each_way(text, dry_run=False) -> tuple[dict, dict]:
    """What each import says it did, and what it leaves stored."""

    def run(way):
        result = way(text, dry_run, False, _quiet)
        return {
            "created": _staff_ids(result.created),
            "updated": _staff_ids(result.updated),
            "deactivated": _staff_ids(result.deactivated),
            "unchanged": result.unchanged,
            "schools_created": result.schools_created,
            "listed": result.listed,
            "summary": result.summary(),
            **_stored(),
        }

    return _each_way(run)


MESSY = staff_csv(
    "K1,kay.one@example.org,Kay,Stored,100001,teaching,,1,,2015-09-01,",
    "K1,other@example.org,Kay,Again,100001,teaching,,1,,2015-09-01,",
    "N1,KAY.ONE@example.org,New,One,100001,Teaching,,1,,2020-09-01,",
    "N2,not-an-email,New,Two,12345,cleaner,,abc,Mon Funday,2019-31-12,",
    ",,,,,,,,,,",
    "N3,o'neil@example.org,O'Neil,Three,999999,support,,0,,1/9/2020,31/08/2020",
    "O'4,o'neil@example.org,Four,Four,１２３４５６,support,,1.5,Mon wed,2020-09-01,2019-01-01",
    "O'4,kim.two@example.org,Five,Five,100002,support,,NaN,,2020-09-01,",
    f"{'X' * 51},long@example.org,{'F' * 151},L,100001,support,{'D' * 101},0.5,,2020-09-01,",
    "K2,gov@example.org,Kim,Stored,100002,support,,1,,2015-09-01,",
    "N6,gov@example.org,Gail,Nor,,support,,1,,2020-09-01,2020-13-01",
    "N7,ünï@example.org,Uni,Code,,support,,1,,2020-09-01,",
    "N8,ann@exämple.org,Ann,Idn,,support,,0.5000,Tue mon,2020-09-01,",
    "N9,a..b@example.org,,,100001,,,1,,,",
    "N10,a@-example.org,A,B,100001,support,,1,,2020-09-01,",
    "N11,Plain@Example.ORG,A,B,100001,support,,1,,2020-09-01,",
    "N12,plain@example.org,A,B,100001,support,,1,,2020-09-01,",
)


def test_every_problem_is_the_same_either_way(world):
    in_sql, in_python = _problems_each_way(MESSY)
    assert in_sql == in_python
    assert len(in_sql) >= 25
    for expected in [
        "line 3, column staff_id: 'K1' is also on line 2",
        "line 4, column email: 'kay.one@example.org' already belongs to staff K1",
        "line 7, column school_urn: no school has URN 999999 (add a school_name column to "
        "create it)",
        "line 8, column school_urn: no school has URN １２３４５６ (add a school_name column to "
        "create it)",
        'line 9, column staff_id: "O\'4" is also on line 8',
        "line 9, column email: 'kim.two@example.org' already belongs to staff K2",
        "line 11, column email: 'gov@example.org' already belongs to another account",
        "line 13, column email: 'ünï@example.org' is not an email address",
        "line 12, column email: 'gov@example.org' is also on line 11",
        "line 18, column email: 'plain@example.org' is also on line 17",
    ]:
        assert expected in in_sql
    assert not any(p.startswith(("line 14,", "line 17,")) for p in in_sql)
    # The same with a school_name column (which creates schools), spaces around the values,
    # CRLF line ends and a quoted value (the file then goes through read_table).
    lines = MESSY.splitlines()
    named = "\n".join(
        [lines[0] + ",school_name"]
        + [line + ("," if line.startswith(",,") else ",New School") for line in lines[1:]]
    )
    named_sql, named_python = _problems_each_way(named)
    assert named_sql == named_python
    assert not any("999999" in p for p in named_sql)
    padded = "\r\n".join(re.sub(r",", " , ", line) for line in MESSY.splitlines())
    assert _problems_each_way(padded) == (in_sql, in_sql)
    assert _problems_each_way(MESSY.replace("N3,", "N3 ,")) == (in_sql, in_sql)
    quoted = MESSY.replace("N2,", '"N2",')
    assert _problems_each_way(quoted) == (in_sql, in_sql)
    assert _problems_each_way(MESSY, dry_run=True) == (in_sql, in_sql)


def test_a_good_file_leaves_the_same_records_either_way(world):
    text = staff_csv(
        "K1,Kay.One@Example.org,Kay,Stored,100001,teaching,,1.000,,2015-09-01,,",
        "K2,kim.two@example.org,Kim,Renamed,100002,Support,Office,0.6,wed mon,01/09/2015,,",
        "K3,kit.three@example.org,Kit,Stored,100001,teaching,,1,,2015-09-01,2026-07-31,",
        ",,,,,,,,,,,",
        "N1,gov@example.org,Gail,Nor,,support,,0.4,,2020-09-01,,",
        "N2,New.Person@Example.org,Ned,Person,100003,teaching,Maths,0.5,,2024-09-01,2026-10-30,"
        "Willow",
        "N3,o'neil@example.org,Ó,Néill,100003,support,,1,Sat Sun,2025-01-06,2027-08-31,Other",
        "N4,ann@exämple.org,Ann,Idn,100004,support,,0.12345,,2025-01-06,,Yew",
        "N5,last.day@example.org,Last,Day,,support,,1,,2025-01-06,2026-11-02,",
        header=NAMED,
    )
    in_sql, in_python = _outcome_each_way(text)
    assert in_sql == in_python
    assert in_sql["created"] == ["N1", "N2", "N3", "N4", "N5"]
    # A last day today is not yet a leaver's.
    assert ("last.day@example.org", "Last", "Day", True, False, False, None) in in_sql["users"]
    assert in_sql["updated"] == ["K2", "K3"]
    assert in_sql["deactivated"] == ["K3"]
    assert in_sql["unchanged"] == 1
    assert in_sql["schools_created"] == ["100003", "100004"]
    assert ("gov@example.org", "Gail", "Nor", True, False, False, None) in in_sql["users"]
    assert in_sql["usable_passwords"] == sorted(
        u.email for u in User.objects.all() if u.has_usable_password()
    )
    padded = "\r\n".join(re.sub(r",", " , ", line) for line in text.splitlines())
    assert _outcome_each_way(padded) == (in_sql, in_sql)


def test_a_check_says_the_same_either_way_and_writes_nothing(world):
    text = staff_csv(
        "K2,kim.two@example.org,Kim,Renamed,100002,support,,1,,2015-09-01,,",
        "K3,kit.three@example.org,Kit,Stored,100001,teaching,,1,,2015-09-01,2026-07-31,",
        "N1,new.one@example.org,New,One,100009,support,,0.5,,2020-09-01,,Yew",
        header=NAMED,
    )
    before = _stored()

    def run(way):
        result = way(text, True, False, _quiet)
        counts = (len(result.created), len(result.updated), len(result.deactivated))
        return counts, result.schools_created, result.listed, result.summary(), _stored()

    in_sql, in_python = _each_way(run)
    assert in_sql == in_python
    assert in_sql[0] == (1, 2, 1) and in_sql[4] == before
    assert in_sql[3].startswith("1 staff would be added, 2 updated")


def test_an_unchanged_reimport_writes_nothing(world):
    text = staff_csv(
        "K1,kay.one@example.org,Kay,Stored,100001,teaching,,1,,2015-09-01,",
        "K2,kim.two@example.org,Kim,Stored,100002,teaching,,1,,2015-09-01,",
        "N1,new.one@example.org,New,One,100002,support,,0.5,,2020-09-01,",
    )
    services.staff_import(data=text, send_invitations=False)
    staff = list(StaffMember.objects.order_by("pk").values())
    users = list(User.objects.order_by("pk").values())
    moment = max(s["updated_at"] for s in staff)
    result = services.staff_import(data=text.replace("kay.one", "KAY.ONE"), send_invitations=False)
    assert (result.created, result.updated, result.unchanged) == ([], [], 3)
    assert list(StaffMember.objects.order_by("pk").values()) == staff
    assert list(User.objects.order_by("pk").values()) == users
    assert not services.staff_changed_since(moment)
    renamed = services.staff_import(data=text.replace(",One,", ",Won,"), send_invitations=False)
    assert (len(renamed.updated), renamed.unchanged) == (1, 2)
    assert services.staff_changed_since(moment)
    assert renamed.listed["changed"] == ["New Won (N1)"]


def test_new_accounts_get_different_unusable_passwords(world):
    text = staff_csv(
        "N1,new.one@example.org,New,One,100002,support,,0.5,,2020-09-01,",
        "N2,new.two@example.org,New,Two,100002,support,,0.5,,2020-09-01,",
    )
    services.staff_import(data=text, send_invitations=False)
    new = User.objects.filter(email__startswith="new.")
    passwords = {user.password for user in new}
    assert len(passwords) == 2
    assert all(p.startswith("!") and len(p) == 41 for p in passwords)
    assert not any(user.has_usable_password() for user in new)


def test_progress_and_hooks_hear_the_import(world, django_capture_on_commit_callbacks):
    heard = []
    services.register_staff_import_hooks(
        written=lambda staff_ids: heard.append(("written", _staff_ids(staff_ids))),
        leavers=lambda staff_ids: heard.append(("leavers", sorted(_staff_ids(staff_ids)))),
    )
    text = staff_csv(
        "K1,kay.one@example.org,Kay,Renamed,100001,teaching,,1,,2015-09-01,",
        "K2,kim.two@example.org,Kim,Stored,100002,teaching,,1,,2015-09-01,2027-08-31",
        "N1,new.one@example.org,New,One,100002,support,,0.5,,2020-09-01,2027-08-31",
    )
    stages = []
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.staff_import(
                data=text, send_invitations=False, progress=lambda *s: stages.append(s)
            )
    finally:
        services._written_hooks.pop()
        services._leaver_hooks.pop()
    assert heard == [("written", ["N1", "K1", "K2"]), ("leavers", ["K2", "N1"])]
    assert stages == [("checking", 0, 3), ("checking", 3, 3), ("saving", 3, 3)]


PLAIN_ADDRESSES = ["a@example.org", "A.B+c_d%e-f@Mail-1.Example.CO.uk", "x@" + "y" * 58 + ".org"]


@pytest.mark.parametrize(
    "email",
    [
        *PLAIN_ADDRESSES,
        "a..b@example.org",
        ".a@example.org",
        "a.@example.org",
        "a@example",
        "a@-example.org",
        "a@example-.org",
        "a@example.org.",
        "a@example.o",
        "a@example.o-g",
        "a@" + "x" * 64 + ".org",
        "a@" + "x" * 59 + ".org",  # valid, but long enough to be read in Python
        "a-.b@example.org",
        "a@b@example.org",
        "a b@example.org",
        "a'b@example.org",
        "a@[127.0.0.1]",
        "a@localhost",
        "ünï@example.org",
        "a@exämple.org",
        "K\u212a@example.org",  # a Kelvin sign: Python lowers it to "k"
        "a@example.xn--p1ai",
    ],
)
def test_an_email_sql_takes_as_plainly_an_address_is_one_as_python_lowers_it(email):
    """Any other email is read by email_read in Python."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {import_sql.plain_email("%(email)s")}, lower(%(email)s COLLATE "C")',
            {"email": email, "plain_email": import_sql.PLAIN_EMAIL},
        )
        fast, lowered = cursor.fetchone()
    assert fast == (email in PLAIN_ADDRESSES)
    if fast:
        validate_email(email.lower())
        assert lowered == email.lower()


def test_an_fte_with_more_places_is_kept_rounded_and_reimports_unchanged(world):
    text = staff_csv(
        "N1,two.thirds@example.org,Two,Thirds,100001,support,,0.66667,,2020-09-01,",
        "N2,half.way@example.org,Half,Way,100001,support,,0.1225,,2020-09-01,",
        "N3,near.full@example.org,Near,Full,100001,support,,0.99951,,2020-09-01,",
    )
    in_sql, in_python = _outcome_each_way(text)
    assert in_sql == in_python
    kept = {row[0]: row[5] for row in in_sql["staff"]}
    assert (kept["N1"], kept["N2"], kept["N3"]) == (
        Decimal("0.667"),
        Decimal("0.123"),
        Decimal("1.000"),
    )
    for way in (services._import_in_sql, services._import_in_python):
        with transaction.atomic():
            way(text, False, False, _quiet)
            again = way(text, False, False, _quiet)
            assert (again.created, again.updated, again.unchanged) == ([], [], 3)
            transaction.set_rollback(True)


def test_an_fte_too_small_to_keep_is_refused_either_way(world):
    text = staff_csv("N1,tiny@example.org,Tiny,Part,100001,support,,0.0004,,2020-09-01,")
    in_sql, in_python = _problems_each_way(text)
    assert in_sql == in_python
    assert any("0.0004 is less than 0.001" in problem for problem in in_sql)
