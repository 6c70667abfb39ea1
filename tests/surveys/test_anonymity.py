"""Anonymity by design: given the database, who took part cannot be matched to what was answered."""

import pytest
from django.db import connection, models

from surveys import services
from surveys.models import Comment, Invitation, Response
from tests.conftest import _staff
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_responses_and_comments_have_no_link_to_people_or_invitations():
    for model in (Response, Comment):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model.__name__ in ("Round", "School"), (model, field.name)
            assert not isinstance(field, (models.DateTimeField, models.TimeField)), (
                model,
                field.name,
            )
        assert isinstance(model._meta.pk, models.UUIDField)
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert not any(
        isinstance(f, (models.DateTimeField, models.DateField))
        for f in Invitation._meta.concrete_fields
    )
    assert "response" not in invitation_fields and "response_id" not in invitation_fields


def test_participation_and_responses_cannot_be_matched_by_id_order_or_time(cast):
    survey_round = make_round(instruments=("ons4",), custom=False)
    people = [_staff(f"person{i}@example.org", cast.school_a) for i in range(11)]
    for value, person in enumerate(people):  # the i-th person to submit answers i
        services.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_life_satisfaction": str(value)}
        )
    services.round_responses_shuffle(survey_round=survey_round)

    invitations = _rows(
        "SELECT id, xmin::text, ctid::text FROM surveys_invitation"
        " WHERE round_id = %s AND responded ORDER BY id",
        [survey_round.pk],
    )
    responses = _rows(
        "SELECT id, xmin::text, answers->>'ons4_life_satisfaction' FROM surveys_response"
        " WHERE round_id = %s"
        " ORDER BY ctid",
        [survey_round.pk],
    )
    assert len(invitations) == len(responses) == 11
    # Time: one transaction (re)wrote every response, none shared with an invitation; days only.
    assert len({xmin for _, xmin, _ in responses}) == 1
    assert not {xmin for _, xmin, _ in responses} & {xmin for _, xmin, _ in invitations}
    assert set(
        Response.objects.filter(round=survey_round).values_list("submitted_on", flat=True)
    ) == {Response.objects.filter(round=survey_round).first().submitted_on}
    # Order: neither physical order nor id order follows the order people submitted in.
    physical = [int(value) for _, _, value in responses]
    by_id = [
        int(v)
        for v in Response.objects.filter(round=survey_round)
        .order_by("id")
        .values_list("answers__ons4_life_satisfaction", flat=True)
    ]
    assert physical != list(range(11))
    assert by_id != list(range(11))
    # Id: response ids are random UUIDs, sharing nothing with invitation ids.
    assert all(len(str(pk)) == 36 for pk, _, _ in responses)
    assert {str(pk) for pk, _, _ in responses}.isdisjoint({str(pk) for pk, _, _ in invitations})


def test_building_results_shuffles_new_responses_first(cast):
    survey_round = make_round(instruments=("ons4",), custom=False)
    services.response_submit(
        survey_round=survey_round, user=cast.staff_a, answers={"ons4_happiness": "6"}
    )
    survey_round.refresh_from_db()
    assert survey_round.needs_shuffle
    before = set(Response.objects.values_list("pk", flat=True))
    services.round_results_build(survey_round=survey_round)
    survey_round.refresh_from_db()
    assert not survey_round.needs_shuffle
    assert before.isdisjoint(set(Response.objects.values_list("pk", flat=True)))


def test_admin_does_not_register_responses_or_comments():
    from django.contrib import admin

    for model in (Response, Comment, Invitation):
        assert model not in admin.site._registry
