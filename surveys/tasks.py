"""Thin Celery tasks for surveys: each takes ids and calls a service."""

from celery import shared_task

from surveys import notify, selectors, services
from surveys.models import Round
from wellbeing_portal.dispatch import dispatch


@shared_task
def rounds_tick() -> None:
    """Every few minutes: invitations, reminders, response shuffles, results at close."""
    notify.rounds_opened_invite()
    notify.reminders_send()
    for round_id in selectors.rounds_due_for_shuffle():
        dispatch(round_shuffle, args=(round_id,))
    for round_id in notify.rounds_needing_results():
        dispatch(round_results_build, args=(round_id,))


@shared_task
def round_shuffle(round_id: int) -> None:
    services.round_responses_shuffle(survey_round=Round.objects.get(pk=round_id))


@shared_task
def round_results_build(round_id: int) -> None:
    services.round_results_build(survey_round=Round.objects.get(pk=round_id))


@shared_task
def round_invite(round_id: int) -> int:
    return notify.round_invite(survey_round=Round.objects.get(pk=round_id))
