"""Sign-in hardening: MFA for everyone who sees results, health data or the admin; short
password-reset links beside longer invitation links."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from people.access import PRIVILEGED_ROLES
from people.models import Role
from people.services import password_setup_url
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ACTIVATE_TOTP = reverse("mfa_activate_totp")
# A Wednesday morning in term; London is on UTC in December.
SENT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
NEW_PASSWORD = "a-fresh-pass-phrase"


@pytest.fixture
def mfa_required(settings):
    settings.REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True


def test_mfa_roles_are_exactly_those_granted_results_or_health_data():
    assert PRIVILEGED_ROLES == {Role.HR, Role.TRUSTEE, Role.GOVERNOR, Role.HEAD, Role.CHAMPION}


@pytest.mark.parametrize(
    "account",
    [{"is_superuser": True, "is_staff": True}, {"is_staff": True}],
    ids=["superuser", "staff"],
)
def test_an_admin_user_with_no_role_must_set_up_totp_first(client, mfa_required, account):
    admin_user = UserFactory(email="root@example.org", **account)
    client.force_login(admin_user)

    assert client.get(reverse("home"))["Location"] == ACTIVATE_TOTP
    assert client.get(reverse("admin:index"))["Location"] == ACTIVATE_TOTP


def test_a_superuser_with_totp_reaches_the_admin(client, mfa_required):
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    TOTP.activate(root, generate_totp_secret())
    client.force_login(root)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_signs_in_through_the_portal_login_with_its_mfa_step(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_the_admin_login_form_cannot_be_used_to_skip_mfa(client):
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    TOTP.activate(root, generate_totp_secret())

    client.post(reverse("admin:login"), {"username": root.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def _reset_link(client, email: str) -> str:
    client.post(reverse("account_reset_password"), {"email": email})
    return re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)


def _opens(client, link: str) -> bool:
    """Whether the link leads to the set-a-password form (allauth redirects a good key there)."""
    response = client.get(link)
    return response.status_code == 302 and "set-password" in response["Location"]


@pytest.mark.parametrize(("hours", "opens"), [(23, True), (25, False)])
def test_a_password_reset_link_lasts_one_day(cast, client, hours, opens):
    with time_machine.travel(SENT, tick=False):
        link = _reset_link(client, cast.staff_a.email)

    with time_machine.travel(SENT + timedelta(hours=hours), tick=False):
        assert _opens(client, link) is opens


def test_an_invitation_link_still_works_after_ten_days(cast, client, settings):
    newcomer = UserFactory(email="new.starter@example.org")
    newcomer.set_unusable_password()
    newcomer.save()
    with time_machine.travel(SENT, tick=False):
        link = password_setup_url(newcomer).removeprefix(settings.SITE_URL)

    with time_machine.travel(SENT + timedelta(days=10), tick=False):
        set_url = client.get(link)["Location"]
        client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(("days", "opens"), [(13, True), (15, False)])
def test_an_invitation_link_lasts_the_configured_days(cast, client, settings, days, opens):
    settings.INVITATION_TIMEOUT_DAYS = 14
    newcomer = UserFactory(email="new.starter@example.org")
    with time_machine.travel(SENT, tick=False):
        link = password_setup_url(newcomer).removeprefix(settings.SITE_URL)

    with time_machine.travel(SENT + timedelta(days=days), tick=False):
        assert _opens(client, link) is opens


def test_a_tampered_invitation_key_is_refused(cast, client, settings):
    newcomer = UserFactory(email="new.starter@example.org")
    link = password_setup_url(newcomer).removeprefix(settings.SITE_URL)
    tampered = link[:-3] + ("0" if link[-3] != "0" else "1") + link[-2:]

    assert not _opens(client, tampered)
