"""The template files the import pages offer for download import cleanly, and the absence page
lists every category and reason code the import accepts."""

import pytest
from django.conf import settings
from django.urls import reverse

from absence.models import AbsenceCategory, AbsenceRecord, SicknessReason
from absence.services import absence_import
from people.models import StaffMember
from people.services import staff_import

pytestmark = pytest.mark.django_db
STATIC = settings.BASE_DIR / "static"


def test_the_template_files_import_cleanly(cast):
    staff_import(data=(STATIC / "people" / "staff-template.csv").read_bytes())
    assert set(
        StaffMember.objects.filter(staff_id__in=["T001", "T002"]).values_list(
            "role_group", flat=True
        )
    ) == {"teaching", "support"}
    absence_import(data=(STATIC / "absence" / "absence-template.csv").read_bytes())
    assert AbsenceRecord.objects.count() == 2


def test_the_absence_import_page_lists_every_code(cast, client_for):
    page = client_for(cast.hr).get(reverse("absence:import")).content.decode()
    for code in [*AbsenceCategory.values, *SicknessReason.values]:
        assert f"<code>{code}</code>" in page
    assert "absence/absence-template.csv" in page
    staff_page = client_for(cast.hr).get(reverse("people:staff_import")).content.decode()
    assert "people/staff-template.csv" in staff_page
