import io

import pytest
from django.apps import apps
from django.core.management import call_command

from people.demo import DEMO_LOGINS, DEMO_PASSWORD
from people.models import Role, RoleAssignment, School, StaffMember, User

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "contenttypes", "auth"}
    }


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_believable_trust_and_prints_a_login_for_every_role():
    output = _seed()

    phases = set(School.objects.values_list("phase", flat=True))
    assert School.objects.count() >= 4 and len(phases) >= 4
    assert 380 <= StaffMember.objects.count() <= 450
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held >= {r for r in Role.values if r != Role.STAFF}
    assert DEMO_PASSWORD in output
    for email, *_ in DEMO_LOGINS:
        assert email in output
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_running_seed_demo_twice_changes_nothing():
    _seed()
    first = _counts()
    people_first = list(
        StaffMember.objects.order_by("staff_id").values_list("staff_id", "fte", "school_id")
    )

    _seed()

    assert _counts() == first
    assert (
        list(StaffMember.objects.order_by("staff_id").values_list("staff_id", "fte", "school_id"))
        == people_first
    )
