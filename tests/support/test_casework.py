import pytest
from django.urls import reverse

from support.models import CaseworkCount

pytestmark = pytest.mark.django_db

URL = reverse("support:casework")


def _post(client, **extra):
    data = {
        "term_key": "2026-27-autumn",
        "grievances": 1,
        "complaints": 2,
        "disciplinaries": 0,
        "disputes": 0,
        "note": "",
    }
    return client.post(URL, {**data, **extra})


def test_hr_records_counts_and_recording_again_corrects_them(cast, client_for):
    client = client_for(cast.hr)
    _post(client, school=cast.school_a.pk)
    _post(client, school=cast.school_a.pk, grievances=3)
    _post(client, school="")  # the central team

    rows = {(r.school_id, r.grievances) for r in CaseworkCount.objects.all()}
    assert rows == {(cast.school_a.pk, 3), (None, 1)}
    assert b"Central team" in client.get(URL + "?term=2026-27-autumn").content


def test_a_bad_term_or_negative_count_is_a_clear_error_and_saves_nothing(cast, client_for):
    client = client_for(cast.hr)
    response = _post(client, school=cast.school_a.pk, term_key="autumn 2026", grievances=-1)

    assert b"is not a term" in response.content
    assert b"greater than or equal to 0" in response.content
    assert not CaseworkCount.objects.exists()


def test_heads_cannot_record_casework(cast, client_for):
    assert _post(client_for(cast.head_a), school=cast.school_a.pk).status_code == 403
