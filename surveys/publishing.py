"""Writes for a round's life: opening it to staff, closing it (early), reopening it, and the
invitations for its audience."""

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from surveys.models import (
    Invitation,
    Round,
)
from surveys.responding import audience_staff


@transaction.atomic
def round_publish(*, survey_round: Round) -> Round:
    """HR opens the round: staff see it from opens_at; invitations go out then (see tasks)."""
    if not survey_round.questions.exists():
        raise ValidationError("Add at least one question before opening the round.")
    if survey_round.closes_at <= timezone.now():
        raise ValidationError("The closing time has passed; choose a later one.")
    survey_round.published = True
    survey_round.save(update_fields=["published"])
    return survey_round


@transaction.atomic
def round_close(*, survey_round: Round) -> Round:
    """Close the round now. Its results come at the closing time it had (or when HR releases
    them); until then HR may reopen it (round_reopen)."""
    now = timezone.now()
    if survey_round.closes_at > now:
        survey_round.closed_early_from = survey_round.closed_early_from or survey_round.closes_at
        survey_round.closes_at = max(now, survey_round.opens_at + timedelta(seconds=1))
        survey_round.save(update_fields=["closes_at", "closed_early_from"])
    return survey_round


def round_reopenable(survey_round: Round, now=None) -> bool:
    """Closed early, its planned closing time still ahead, and no results released since."""
    now = now or timezone.now()
    return (
        survey_round.closed_early_from is not None
        and survey_round.closed_early_from > now
        and survey_round.status_at(now) == Round.Status.CLOSED
        and not survey_round.releases.filter(made_at__gte=survey_round.closes_at).exists()
    )


@transaction.atomic
def round_reopen(*, survey_round: Round) -> Round:
    """Undo an early close: the round is open again until its planned closing time."""
    survey_round = Round.objects.select_for_update().get(pk=survey_round.pk)
    if not round_reopenable(survey_round):
        raise ValidationError(
            "This round cannot be reopened: results were released after it closed, or its"
            " planned closing time has passed."
        )
    survey_round.closes_at = survey_round.closed_early_from
    survey_round.closed_early_from = None
    survey_round.save(update_fields=["closes_at", "closed_early_from"])
    return survey_round


def invitations_create(*, survey_round: Round) -> list[int]:
    """Make sure everyone in the audience has an invitation; returns the ids of new ones."""
    have = set(survey_round.invitations.values_list("user_id", flat=True))
    new = [
        Invitation(
            round=survey_round, user_id=s.user_id, school_id=s.school_id, role_group=s.role_group
        )
        for s in audience_staff(survey_round)
        if s.user_id not in have
    ]
    random.SystemRandom().shuffle(new)
    return [i.pk for i in Invitation.objects.bulk_create(new)]
