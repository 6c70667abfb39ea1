"""Accounts: email login, no public sign-up, invitations, sign-in codes, rate limits and MFA."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from people.models import User
from people.services import staff_import
from tests.conftest import PASSWORD
from tests.held_mail import held_mail_send
from tests.people.helpers import GOOD

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")
ACTIVATE_TOTP = reverse("mfa_activate_totp")


def _login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_people_sign_in_with_their_email_address(cast, client):
    response = _login(client, "STAFF.A@example.org")

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == cast.staff_a


def test_there_is_no_public_sign_up(cast, client):
    page = client.get(reverse("account_signup"))
    posted = client.post(
        reverse("account_signup"),
        {
            "email": "walk.in@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert "Sign Up Closed" in page.content.decode()
    assert "Sign Up Closed" in posted.content.decode()
    assert not User.objects.filter(email="walk.in@example.org").exists()
    assert reverse("account_signup") not in client.get(LOGIN).content.decode()


def test_repeated_failed_logins_are_refused_even_with_the_right_password(cast, client):
    for _ in range(5):
        response = _login(client, "staff.a@example.org", "wrong-password")
        assert "not correct" in response.content.decode()

    response = _login(client, "staff.a@example.org")

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_invited_person_sets_a_password_from_the_emailed_link(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=GOOD)
    held_mail_send()
    invitation = next(m for m in mail.outbox if m.to == ["ann.teacher@example.org"])
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", invitation.body).group(
        1
    )

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"})
    client.logout()

    assert "Test Learning Trust" in invitation.subject
    assert _login(client, "ann.teacher@example.org", "a-fresh-pass-phrase")["Location"] == reverse(
        "home"
    )


def test_the_invitation_link_stops_working_once_used(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_import(data=GOOD)
    held_mail_send()
    body = next(m for m in mail.outbox if m.to == ["ann.teacher@example.org"]).body
    link = re.search(r"(/accounts/password/reset/key/\S+/)", body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"})
    client.logout()

    again = client.get(link, follow=True)

    assert "Bad Token" in again.content.decode() or "invalid" in again.content.decode().lower()


def test_the_invitation_waits_for_the_end_of_email_quiet_hours(cast, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from notifications import invitations
    from notifications.models import DeferredTask
    from people.models import StaffMember

    staff_import(data=GOOD, send_invitations=False)
    ann = StaffMember.objects.get(staff_id="T001")
    friday_night = datetime(2026, 11, 20, 21, 15, tzinfo=ZoneInfo("Europe/London"))

    invitations.invitations_send(staff_ids=[ann.pk], now=friday_night)

    # Held in the database until Monday 07:00 (the outbox sweep starts it), not a broker ETA.
    deferred = DeferredTask.objects.get()
    assert (deferred.task, deferred.kwargs) == (
        "notifications.tasks.invitation_send_task",
        {"staff_id": ann.pk},
    )
    assert deferred.due_at == datetime(2026, 11, 23, 7, 0, tzinfo=ZoneInfo("Europe/London"))
    assert deferred.dispatched_at is None
    assert not [m for m in mail.outbox if m.to == ["ann.teacher@example.org"]]


def test_people_can_sign_in_with_a_code_sent_by_email(cast, client):
    client.post(reverse("account_request_login_code"), {"email": "staff.a@example.org"})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == cast.staff_a


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True


@pytest.mark.parametrize("role", ["hr", "trustee", "governor_a", "head_a", "champion_a"])
def test_roles_that_see_results_or_health_data_must_set_up_totp_first(
    cast, client, mfa_required, role
):
    _login(client, cast.user(role).email)

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("role", ["staff_a", "first_aider_a"])
def test_other_roles_are_not_made_to_use_totp(cast, client, mfa_required, role):
    _login(client, cast.user(role).email)

    assert client.get(reverse("home")).status_code == 200


def test_mfa_is_not_required_when_the_setting_is_off(cast, client):
    _login(client, cast.hr.email)

    assert client.get(reverse("home")).status_code == 200


def test_after_activating_totp_hr_gets_through_and_needs_the_code_to_sign_in(
    cast, client, mfa_required
):
    _login(client, cast.hr.email)
    client.get(ACTIVATE_TOTP)
    secret = client.session["mfa.totp.secret"]

    client.post(ACTIVATE_TOTP, {"code": _totp_code(secret)})

    assert Authenticator.objects.filter(user=cast.hr, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    response = _login(client, cast.hr.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in until the code is given
    client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_totp_code_does_not_sign_in(cast, client, mfa_required):
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    TOTP.activate(cast.trustee, generate_totp_secret())
    _login(client, cast.trustee.email)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302
