"""Email hours: a message trace is counted into weekly figures and nothing else is kept."""

from datetime import date

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse

from charters.measures import measure_compute
from common.csvrows import CsvImportError
from email_hours import selectors, services
from email_hours.models import EmailTraceUpload, EmailWeek
from people.models import RoleGroup
from tests.factories import StaffMemberFactory, UserFactory
from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27, make_terms

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


@pytest.fixture
def world(cast):
    make_terms(TERMS_2025_26 + TERMS_2026_27)
    for n in range(1, 6):
        StaffMemberFactory(user=UserFactory(email=f"t{n}@example.org"), school=cast.school_a)
        StaffMemberFactory(
            user=UserFactory(email=f"c{n}@example.org"),
            school=None,
            role_group=RoleGroup.SUPPORT,
        )
    return cast


# School A's teachers in the week of Monday 2 November 2026 (GMT) and the central team in
# half-term (26 to 30 October), with quiet hours from 18:00 to 07:00.
PLAIN = """sent_at,sender
2026-11-02 17:59,t1@example.org
2026-11-02 18:00,t2@example.org
03/11/2026 06:59,T3@Example.org
2026-11-03T07:00,t4@example.org
2026-11-07 10:00,t5@example.org
2026-11-04 12:00,t1@example.org
2026-10-27 10:00,c1@example.org
2026-10-27 10:00,c2@example.org
2026-10-27 10:01,c3@example.org
2026-10-27 10:02,c4@example.org
2026-10-27 10:03,c5@example.org
2026-11-04 12:00,someone@gmail.com
2026-11-04 12:00,noreply@example.org
"""


def _weeks():
    return sorted(
        (w.week_start, w.school.urn if w.school else None, w.group, w.senders, w.in_hours,
         w.quiet_hours)
        for w in EmailWeek.objects.select_related("school")
    )  # fmt: skip


def test_plain_trace_is_counted_by_each_schools_quiet_hours(world):
    upload, counted = services.trace_upload(data=PLAIN, user=world.hr, today=TODAY)
    assert _weeks() == [
        (date(2026, 10, 26), None, "central", 5, 0, 5),
        (date(2026, 11, 2), "100001", "teaching", 5, 3, 3),
    ]
    assert (upload.messages, upload.external, upload.unmatched) == (11, 1, 1)
    assert (upload.first_day, upload.last_day) == (date(2026, 10, 27), date(2026, 11, 7))


EXCHANGE = """"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"
"2026-10-22T16:59:00.1234567Z","head.a@example.org","parent@home.example","Secret subject","Delivered","","","2000","<m1@x>","a"
"2026-10-22T16:59:00.1234567Z","head.a@example.org","other@home.example","Secret subject","Delivered","","","2000","<m1@x>","b"
"2026-10-22T17:00:00Z","head.a@example.org","parent@home.example","Late one","Delivered","","","2000","<m2@x>","c"
"10/22/2026 5:00:00 PM","head.b@example.org","parent@home.example","US style","Delivered","","","2000","<m3@x>","d"
"2026-10-22T12:00:00Z","spam@elsewhere.example","hr@example.org","Offer","FilteredAsSpam","","","2000","<m4@x>","e"
"""  # noqa: E501


def test_exchange_trace_counts_messages_once_in_uk_time_and_keeps_nothing_else(world):
    services.trace_upload(data=EXCHANGE, user=world.hr, today=TODAY)
    # 22 October 2026 is in British Summer Time: 16:59Z is 17:59, 17:00Z is 18:00.
    assert _weeks() == [
        (date(2026, 10, 19), "100001", "leaders", 1, 1, 1),
        (date(2026, 10, 19), "100002", "leaders", 1, 0, 1),
    ]
    stored = "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "auth", "admin")
    )
    for secret in ("parent@home.example", "Secret subject", "Late one", "<m1@x>", "spam@"):
        assert secret not in stored
    upload = EmailTraceUpload.objects.get()
    assert (upload.file_format, upload.messages, upload.external) == ("exchange", 3, 1)


def test_bad_rows_are_reported_by_line_and_nothing_is_written(world):
    text = PLAIN + "yesterday,t1@example.org\n2026-11-04 12:00,\n2026-11-04 12:00,not-an-address\n"
    with pytest.raises(CsvImportError) as error:
        services.trace_upload(data=text, user=world.hr, today=TODAY)
    assert [str(p) for p in error.value.problems] == [
        "line 15, column sent_at: 'yesterday' is not a date and time (use 2026-11-02T17:45:00Z "
        "or 02/11/2026 17:45)",
        "line 16, column sender: is required",
        "line 17, column sender: is not an email address",
    ]
    assert not EmailWeek.objects.exists() and not EmailTraceUpload.objects.exists()
    with pytest.raises(CsvImportError, match="not a message trace"):
        services.trace_upload(data="when,who\n2026-11-02 10:00,a@b.c\n", today=TODAY)


def test_a_new_upload_replaces_the_weeks_it_covers(world):
    services.trace_upload(data=PLAIN, user=world.hr, today=TODAY)
    services.trace_upload(
        data="sent_at,sender\n2026-11-03 20:00,t1@example.org\n", user=world.hr, today=TODAY
    )
    assert _weeks() == [
        (date(2026, 10, 26), None, "central", 5, 0, 5),
        (date(2026, 11, 2), "100001", "teaching", 1, 0, 1),
    ]
    assert EmailTraceUpload.objects.count() == 2


def test_figures_hide_groups_of_fewer_than_the_minimum(world):
    services.trace_upload(data=PLAIN + EXCHANGE_AS_PLAIN, user=world.hr, today=TODAY)
    figures = selectors.term_figures("2026-27-autumn", [world.school_a, world.school_b])
    trust = figures["trust"]
    assert trust["groups"]["teaching"] == {
        "messages": 6, "quiet_hours": 3, "quiet_share_pct": 50.0, "suppressed": False
    }  # fmt: skip
    # Two leaders sent mail: hidden, and with them the smallest other group that sent mail
    # (the central team), so neither can be worked out; together they are seven people.
    assert trust["groups"]["leaders"]["suppressed"] and trust["groups"]["central"]["suppressed"]
    assert trust["central_and_leaders"]["messages"] == 7
    assert trust["all"]["messages"] == 13
    # School B has one sender: hidden, and so is school A (one hidden school alone could be
    # worked out from the trust's total).
    assert figures["schools"][world.school_b.pk]["all"]["suppressed"]
    assert figures["schools"][world.school_a.pk]["all"]["suppressed"]
    # Within a school the same: with its one leader hidden, school A's teachers are too.
    alone = selectors.figures_of(
        [r for r in selectors.term_weeks("2026-27-autumn") if r["school_id"] == world.school_a.pk],
        5,
    )
    assert alone["all"]["messages"] == 7
    assert alone["groups"]["leaders"]["suppressed"] and alone["groups"]["teaching"]["suppressed"]


EXCHANGE_AS_PLAIN = """2026-11-05 19:00,head.a@example.org
2026-11-05 19:00,head.b@example.org
"""


def test_pledge_measure_is_the_central_team_and_leaders_share(world):
    assert measure_compute("email_quiet_hours", school=None, today=TODAY).value == (
        "no message trace"
    )
    services.trace_upload(data=PLAIN + EXCHANGE_AS_PLAIN, user=world.hr, today=TODAY)
    result = measure_compute("email_quiet_hours", school=None, today=TODAY)
    assert result.value == "100.0%" and result.status == "off_track"
    assert "7 of 7 messages" in result.detail
    school = measure_compute("email_quiet_hours", school=world.school_a, today=TODAY)
    assert school.value == "too few people to show" and school.status is None


def test_pages_hr_uploads_heads_see_their_school(world, client_for, django_assert_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.hr)
    response = client.post(
        reverse("email_hours:upload"),
        {"file": SimpleUploadedFile("trace.csv", PLAIN.encode(), "text/csv")},
        follow=True,
    )
    assert "Counted 11 messages" in response.content.decode()
    html = client.get(reverse("email_hours:overview"), {"term": "2026-27-autumn"}).content.decode()
    assert "Whole trust" in html and "50.0%" in html and "hidden (too few people)" in html
    with django_assert_num_queries(9):
        client.get(reverse("email_hours:overview"), {"term": "2026-27-autumn"})
    head = client_for(world.head_a).get(reverse("email_hours:overview")).content.decode()
    assert "Whole trust" not in head and "Alder Primary School" in head
    assert "Birch Academy" not in head
    assert client_for(world.head_a).get(reverse("email_hours:upload")).status_code == 403
    assert client_for(world.staff_a).get(reverse("email_hours:overview")).status_code == 403


def test_the_demo_uploads_a_synthetic_exchange_trace_once(world):
    from types import SimpleNamespace

    from email_hours import demo

    demo.seed(SimpleNamespace(today=TODAY))
    upload = EmailTraceUpload.objects.get()
    assert upload.file_format == "exchange" and upload.messages > 0 and upload.external > 0
    assert upload.first_day >= date(2026, 4, 13) and upload.last_day < TODAY
    demo.seed(SimpleNamespace(today=TODAY))
    assert EmailTraceUpload.objects.count() == 1


def test_a_group_that_sent_nothing_reads_none_not_hidden(world):
    services.trace_upload(data=PLAIN, user=world.hr, today=TODAY)
    rows = [
        r for r in selectors.term_weeks("2026-27-autumn") if r["school_id"] == world.school_a.pk
    ]
    alone = selectors.figures_of(rows, 5)
    assert alone["groups"]["teaching"]["messages"] == 6
    assert alone["groups"]["central"] == {**alone["groups"]["central"], "none": True}
    assert alone["groups"]["support"].get("none") is True
