"""Anonymity by design: given the database, who took part cannot be matched to what was answered."""

import pytest
from django.db import connection, models

from surveys import sealing, selectors, services
from surveys.models import Comment, Invitation, PendingResponse, Response
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
    # Until a batch is written out, the answers exist only sealed: nothing readable shares the
    # submitting transaction with the invitation.
    assert not Response.objects.filter(round=survey_round).exists()
    sealed = list(
        PendingResponse.objects.filter(round=survey_round).values_list("sealed", flat=True)
    )
    assert len(sealed) == 11
    assert not any("ons4" in text or "teaching" in text for text in sealed)
    assert [f.name for f in PendingResponse._meta.concrete_fields] == ["id", "round", "sealed"]
    services.round_responses_shuffle(survey_round=survey_round)
    assert not PendingResponse.objects.exists()

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


def test_pending_responses_are_written_out_only_in_batches_of_the_minimum_size(cast):
    survey_round = make_round(instruments=("ons4",), custom=False, min_group_size=5)
    people = [_staff(f"batch{i}@example.org", cast.school_a) for i in range(5)]
    for person in people[:4]:
        services.response_submit(
            survey_round=survey_round, user=person, answers={"ons4_happiness": "5"}
        )
    assert survey_round.pk not in selectors.rounds_due_for_shuffle()  # 4 < 5 waiting
    services.response_submit(
        survey_round=survey_round, user=people[4], answers={"ons4_happiness": "5"}
    )
    assert survey_round.pk in selectors.rounds_due_for_shuffle()
    from surveys.tasks import rounds_tick

    rounds_tick()  # Celery runs eagerly here: the batch of five becomes five responses
    assert Response.objects.filter(round=survey_round).count() == 5
    assert not PendingResponse.objects.exists()


def test_a_sealed_response_needs_the_key_and_a_failed_opening_loses_nothing(cast, settings):
    survey_round = make_round(instruments=("ons4",), custom=False)
    services.response_submit(
        survey_round=survey_round, user=cast.staff_a, answers={"ons4_anxiety": "2"}
    )
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-rotated-secret-key-for-the-test"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(sealing.SealError):
        services.round_responses_shuffle(survey_round=survey_round)
    assert PendingResponse.objects.count() == 1 and not Response.objects.exists()
    settings.SECRET_KEY_FALLBACKS = [old_key]  # a rotated key keeps the old one as a fallback
    services.round_responses_shuffle(survey_round=survey_round)
    assert Response.objects.get().answers == {"ons4_anxiety": 2}
    sealed = sealing.seal({"x": 1}, round_id=survey_round.pk)
    with pytest.raises(sealing.SealError):  # bound to its round
        sealing.unseal(sealed, round_id=survey_round.pk + 1)
