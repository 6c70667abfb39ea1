import pytest
from django.urls import reverse

from actions.models import Action, ActionChange, Status
from tests.actions.surveydata import approved_comment, closed_round

pytestmark = pytest.mark.django_db


def _form(cast, **extra):
    data = {
        "theme": "hse_demands",
        "you_said": "Deadlines feel impossible.",
        "we_will": "Cut the data drops to two.",
        "owner": cast.head_a.pk,
        "due_on": "2027-01-31",
        "status": "planned",
    }
    data.update(extra)
    return data


def test_a_head_records_an_action_from_a_finding(cast, client_for):
    survey = closed_round(cast, school_a_answers=[2, 4, 4])
    client = client_for(cast.head_a)
    page = client.get(reverse("actions:manage")).content.decode()
    low = survey.questions.get(text__startswith="I have unachievable")
    assert low.text in page and "I am clear what my duties" not in page
    form = client.get(reverse("actions:new", args=[cast.school_a.urn]), {"question": low.pk})
    assert form.context["form"].initial["question"] == low.pk
    response = client.post(
        reverse("actions:new", args=[cast.school_a.urn]),
        _form(cast, round=survey.pk, question=low.pk),
    )
    action = Action.objects.get()
    assert response.status_code == 302 and action.school == cast.school_a and action.question == low
    page = client.get(reverse("actions:manage")).content.decode()
    assert low.text not in page
    assert "All 1 finding of “" in page and "has an action" in page


def test_no_findings_is_not_called_every_finding_acted_on(cast, client_for):
    closed_round(cast, school_a_answers=[4, 4, 4])  # nothing low, nothing below the trust
    page = client_for(cast.head_a).get(reverse("actions:manage")).content.decode()
    assert "has an action" not in page and "have an action" not in page
    assert "so there is nothing to act on from it yet" in page


def test_a_finding_below_the_trust_counts_even_in_the_favourable_half(cast, client_for):
    # School B scores 4 everywhere; 3.4 at school A is mid-scale but well below the trust.
    closed_round(cast, school_a_answers=[4, 3, 4])
    from actions.selectors import findings_without_action

    found = findings_without_action(school=cast.school_a)
    assert [f["question"].text for f in found["findings"]] == [
        "I can talk to my line manager about something that has upset me."
    ]


def test_a_school_too_small_to_report_lists_no_findings(cast):
    from actions.selectors import findings_without_action

    closed_round(cast, school_a_answers=[1, 1, 1], respondents=3)
    assert findings_without_action(school=cast.school_a)["suppressed"] is True


def test_bad_input_is_refused_with_errors_and_kept(cast, client_for):
    response = client_for(cast.head_a).post(
        reverse("actions:new", args=[cast.school_a.urn]),
        _form(cast, status="not_doing", due_on="31/31/2027"),
    )
    assert response.status_code == 200 and not Action.objects.exists()
    form = response.context["form"]
    assert "due_on" in form.errors and "status_reason" in form.errors
    assert form["we_will"].value() == "Cut the data drops to two."


def test_an_owner_must_belong_to_the_school(cast, client_for):
    response = client_for(cast.head_a).post(
        reverse("actions:new", args=[cast.school_a.urn]), _form(cast, owner=cast.head_b.pk)
    )
    assert "owner" in response.context["form"].errors


def test_a_head_cannot_record_for_another_school(cast, client_for):
    response = client_for(cast.head_b).post(
        reverse("actions:new", args=[cast.school_a.urn]), _form(cast)
    )
    assert response.status_code == 403 and not Action.objects.exists()


def test_hr_records_trust_actions_and_heads_cannot(cast, client_for):
    hr = client_for(cast.hr)
    hr.post(reverse("actions:new", args=["trust"]), _form(cast, owner=cast.hr.pk))
    action = Action.objects.get(school=None)
    client = client_for(cast.head_a)
    assert client.get(reverse("actions:new", args=["trust"])).status_code == 403
    assert client.get(reverse("actions:edit", args=[action.pk])).status_code == 403


def test_an_update_through_the_form_is_kept_in_the_history(cast, make_action, client_for):
    action = make_action()
    client = client_for(cast.champion_a)
    client.post(
        reverse("actions:edit", args=[action.pk]),
        _form(
            cast,
            status="done",
            we_did="Two data drops this year.",
            you_said=action.you_said,
            we_will=action.we_will,
            theme=action.theme,
            due_on="2027-02-01",
        ),
    )
    action.refresh_from_db()
    assert action.status == Status.DONE
    change = ActionChange.objects.filter(action=action).last()
    assert change.changed_by == cast.champion_a and change.changes["Status"] == ["Planned", "Done"]
    page = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "History" in page and "Two data drops this year." in page


def test_staff_do_not_see_the_history(cast, make_action, client_for):
    action = make_action()
    page = (
        client_for(cast.staff_a).get(reverse("actions:detail", args=[action.pk])).content.decode()
    )
    assert "History" not in page


def test_only_comments_from_groups_big_enough_can_be_linked(cast, client_for):
    survey = closed_round(cast, school_a_answers=[2, 4, 4], respondents=6)
    comment = approved_comment(survey, cast.school_a)
    from actions.forms import ActionForm

    assert comment in ActionForm(school=cast.school_a).fields["comment"].queryset
    assert comment not in ActionForm(school=cast.school_b).fields["comment"].queryset
    survey.comment_min_group_size = 10
    survey.save()
    assert comment not in ActionForm(school=cast.school_a).fields["comment"].queryset


def test_the_manage_page_takes_the_same_queries_at_two_sizes(
    cast, make_action, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    closed_round(cast, school_a_answers=[2, 2, 4])
    client = client_for(cast.head_a)
    make_action()
    client.get(reverse("actions:manage"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("actions:manage"))
    assert len(first.captured_queries) == 11
    for index in range(5):
        make_action(we_will=f"Action {index}", owner=cast.champion_a)
    with django_assert_num_queries(11):
        client.get(reverse("actions:manage"))
