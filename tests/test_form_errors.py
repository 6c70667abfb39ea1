"""Form errors follow the GOV.UK pattern: a summary at the top linking to each field, the message
beside its field, and no identical message shown twice."""

import re

import pytest
from django.urls import reverse

from people.templatetags.portal_forms import unique_messages
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db


def test_a_blank_copy_form_explains_each_field_once_beside_it(cast, client_for):
    survey_round = make_round()
    response = client_for(cast.hr).post(reverse("surveys:round_copy", args=[survey_round.slug]))
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#(id_[a-z_]+)">([^<]+)</a>', summary)
    assert [target for target, _ in links] == ["id_title", "id_opens_at", "id_closes_at"]
    assert len({text for _, text in links}) == 3  # each names its field: no identical lines
    for target, _ in links:
        assert f'id="{target}"' in page  # the link lands on the field
    # No banner repeats "This field is required." at the top of the page.
    assert 'class="alert alert-danger">This field is required.' not in page
    assert page.count("This field is required.") == 6  # 3 in the summary, 3 beside the fields


def test_the_term_form_summary_links_to_the_field_in_error(cast, client_for):
    response = client_for(cast.hr).post(
        reverse("workload:term_new"),
        {
            "academic_year": "2026-27",
            "term": "autumn",
            "first_day": "2026-12-01",
            "last_day": "2026-09-01",
        },
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "There is a problem" in page and "data-error-summary" in page
    assert re.search(r'<a href="#id_[a-z_]+">', page)


def test_identical_messages_are_kept_once_in_order():
    assert unique_messages(["B", "A", "B", "A", "C"]) == ["B", "A", "C"]
