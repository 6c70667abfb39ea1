"""A transactional test leaves the database as migrate left it (tests/migrated_rows.py), so any test
may follow it on the same worker."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from people.models import User
from support.models import TrainingProgramme
from surveys.models import Instrument


def _migrated_rows_now() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Instrument, TrainingProgramme, ContentType, Permission)
    }


@pytest.mark.django_db(transaction=True)
def test_the_rows_a_test_wrote_go_and_the_migrated_rows_come_back(migrated_rows, cast):
    before = _migrated_rows_now()
    assert before["Instrument"] and before["TrainingProgramme"]
    Instrument.objects.filter(pk=before["Instrument"][0]["id"]).update(name="Renamed by a test")
    TrainingProgramme.objects.filter(is_first_aid=True).delete()
    Permission.objects.create(
        codename="made_by_a_test", name="Made by a test", content_type=ContentType.objects.first()
    )

    migrated_rows["default"].restore()

    assert _migrated_rows_now() == before
    assert not User.objects.exists()
    Instrument.objects.all().delete()
    migrated_rows["default"].restore()
    assert _migrated_rows_now() == before
