"""Exit questionnaires: offered when the staff import sets a leave date, single-use, anonymous."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import models
from django.utils import timezone

from people.models import RoleGroup, StaffMember
from people.services import staff_import
from support import services
from support.exits import exit_reasons
from support.models import ExitAnswer, ExitInvitation
from tests.factories import StaffMemberFactory
from tests.held_mail import held_mail_send

pytestmark = pytest.mark.django_db

HEADER = "staff_id,email,first_name,last_name,school_urn,role_group,fte,start_date,end_date\n"


def _row(staff, end_date) -> str:
    user = staff.user
    return (
        f"{staff.staff_id},{user.email},{user.first_name},{user.last_name},{staff.school.urn},"
        f"{staff.role_group},1,2015-09-01,{end_date}\n"
    )


def _import(csv, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=HEADER + csv, send_invitations=False)
    held_mail_send()


def _link_from_outbox() -> str:
    held_mail_send()
    message = mail.outbox[-1]
    return re.search(r"https?://\S+/support/exit/\S+/", message.body).group(0)


def _path(url: str) -> str:
    return url[url.index("/support/") :]


def _leave_soon() -> date:
    return timezone.localdate() + timedelta(days=20)


def test_a_leave_date_set_by_the_staff_import_offers_an_exit_questionnaire(
    cast, django_capture_on_commit_callbacks
):
    staff = cast.staff_a.staff_member
    _import(_row(staff, _leave_soon()), django_capture_on_commit_callbacks)

    invitation = ExitInvitation.objects.get(staff=staff)
    assert invitation.expires_on == _leave_soon() + timedelta(days=30)
    assert [m.to for m in mail.outbox] == [[cast.staff_a.email]]
    link = _link_from_outbox()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64


def test_importing_the_same_leave_date_again_offers_nothing_more(
    cast, django_capture_on_commit_callbacks
):
    staff = cast.staff_a.staff_member
    _import(_row(staff, _leave_soon()), django_capture_on_commit_callbacks)
    _import(_row(staff, _leave_soon()), django_capture_on_commit_callbacks)

    assert ExitInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_moved_leave_date_moves_the_expiry_of_the_unused_link(
    cast, django_capture_on_commit_callbacks
):
    staff = cast.staff_a.staff_member
    _import(_row(staff, _leave_soon()), django_capture_on_commit_callbacks)
    later = _leave_soon() + timedelta(days=10)
    _import(_row(staff, later), django_capture_on_commit_callbacks)

    assert ExitInvitation.objects.get().expires_on == later + timedelta(days=30)
    assert len(mail.outbox) == 1


def test_nobody_is_offered_a_link_that_would_already_have_expired(cast):
    old = StaffMemberFactory(
        school=cast.school_a, end_date=timezone.localdate() - timedelta(days=31)
    )

    assert services.exit_interviews_offer(staff_ids=[old.pk]) == 0
    assert not ExitInvitation.objects.exists()


def test_the_link_works_once_without_signing_in_and_then_is_refused(
    cast, client, django_capture_on_commit_callbacks
):
    _import(_row(cast.staff_a.staff_member, _leave_soon()), django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox())

    page = client.get(path)
    assert page.status_code == 200 and b"exit questionnaire" in page.content
    answer = {
        "reasons": ["workload", "pay"],
        "kept_by": ["less_workload"],
        "comment": "Thanks all.",
    }
    assert client.post(path, answer).status_code == 200
    assert ExitAnswer.objects.count() == 1

    again = client.post(path, answer)
    assert again.status_code == 410
    assert client.get(path).status_code == 410
    assert ExitAnswer.objects.count() == 1


def test_an_unknown_or_expired_link_is_refused(cast, client):
    staff = StaffMemberFactory(
        school=cast.school_a, end_date=timezone.localdate() - timedelta(days=5)
    )
    services.exit_interviews_offer(staff_ids=[staff.pk])
    path = _path(_link_from_outbox())
    ExitInvitation.objects.update(expires_on=timezone.localdate() - timedelta(days=1))

    assert client.get(path).status_code == 410
    assert client.get("/support/exit/not-a-real-token/").status_code == 410


def test_a_form_without_a_reason_is_shown_again_and_the_link_still_works(cast, client):
    staff = StaffMemberFactory(school=cast.school_a, end_date=_leave_soon())
    services.exit_interviews_offer(staff_ids=[staff.pk])
    path = _path(_link_from_outbox())

    response = client.post(path, {"comment": "No reasons ticked"})

    assert response.status_code == 200 and b"This field is required" in response.content
    assert not ExitInvitation.objects.get().used and not ExitAnswer.objects.exists()


def test_a_second_submission_of_a_used_token_is_refused_by_the_service(cast):
    staff = StaffMemberFactory(school=cast.school_a, end_date=_leave_soon())
    services.exit_interviews_offer(staff_ids=[staff.pk])
    token = _link_from_outbox().rstrip("/").rsplit("/", 1)[1]
    services.exit_answer_submit(token=token, reasons=["pay"], kept_by=[], comment="")

    with pytest.raises(services.ExitLinkRefused):
        services.exit_answer_submit(token=token, reasons=["pay"], kept_by=[], comment="")


def test_answers_cannot_be_tied_back_to_the_leaver(cast):
    """Like the survey anonymity test: nothing joins an answer to a person or their invitation."""
    leavers = [
        StaffMemberFactory(
            school=cast.school_a, role_group=RoleGroup.TEACHING, end_date=_leave_soon()
        )
        for _ in range(3)
    ]
    services.exit_interviews_offer(staff_ids=[s.pk for s in leavers])
    held_mail_send()
    tokens = [re.search(r"/support/exit/([^/]+)/", m.body).group(1) for m in mail.outbox]
    for token, reason in zip(tokens, ["pay", "workload", "relocation"], strict=True):
        services.exit_answer_submit(token=token, reasons=[reason], kept_by=[], comment="")

    # The answer model relates to nothing but the school.
    relations = {f.related_model for f in ExitAnswer._meta.get_fields() if f.is_relation}
    assert relations == {cast.school_a.__class__}
    # No precise time and no sequential id: a random UUID and the day only.
    assert isinstance(ExitAnswer._meta.pk, models.UUIDField)
    assert not any(isinstance(f, models.DateTimeField) for f in ExitAnswer._meta.get_fields())
    # The invitation records only that the link was used, not when.
    assert not any(isinstance(f, models.DateTimeField) for f in ExitInvitation._meta.get_fields())
    stored = list(ExitAnswer.objects.values())
    identifying = (
        {str(s.pk) for s in leavers}
        | {s.staff_id for s in leavers}
        | {s.user.email for s in leavers}
    )
    identifying |= set(ExitInvitation.objects.values_list("token_hash", flat=True)) | set(tokens)
    for row in stored:
        assert not identifying & {str(v) for v in row.values()}
    # All three leavers share the same coarse context, so the rows are indistinguishable by it.
    assert {(r["school_id"], r["role_group"], r["answered_on"]) for r in stored} == {
        (cast.school_a.pk, "teaching", timezone.localdate())
    }


def test_exit_reasons_are_hidden_below_the_minimum_group_size_and_counted_above(cast, terms):
    day = date(2026, 10, 1)  # in the autumn term 2026-27
    for reason in ["pay", "workload", "pay", "workload"]:
        ExitAnswer.objects.create(
            school=cast.school_a, role_group="teaching", answered_on=day, reasons=[reason]
        )

    assert exit_reasons(term_key="2026-27-autumn")["suppressed"] is True

    ExitAnswer.objects.create(
        school=cast.school_b,
        role_group="support",
        answered_on=date(2026, 8, 10),
        reasons=["pay", "caring"],
    )  # in the summer holiday: counts towards the autumn term
    result = exit_reasons(term_key="2026-27-autumn")

    assert result["answers"] == 5 and not result["suppressed"]
    assert [(r["key"], r["count"], r["pct"]) for r in result["reasons"]] == [
        ("pay", 3, 60),
        ("workload", 2, 40),
        ("caring", 1, 20),
    ]
    assert result["comments"] == []  # fewer than the comment minimum (10)


def test_exit_answers_refuse_unknown_choices(cast):
    with pytest.raises(ValueError):
        services.exit_answer_submit(token="x", reasons=["made-up"], kept_by=[], comment="")


def test_offers_ignore_staff_without_a_leave_date(cast):
    assert services.exit_interviews_offer(staff_ids=[StaffMember.objects.first().pk]) == 0
