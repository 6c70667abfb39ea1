"""Thin Celery tasks for surveys: each takes ids and calls a service."""

from celery import shared_task

from surveys import notify, responding, selectors, services
from surveys.models import Round
from wellbeing_portal.dispatch import dispatch


@shared_task
def rounds_tick() -> None:
    """Every few minutes: invitations, reminders, batches of sealed answers, results at close."""
    notify.rounds_opened_invite()
    notify.reminders_send()
    for round_id in selectors.rounds_with_pending_batch():
        dispatch(round_pending_open, args=(round_id,))
    for round_id in notify.rounds_needing_results():
        dispatch(round_results_build, args=(round_id,))
    responding.batch_tables_vacuum()


@shared_task
def round_pending_open(round_id: int) -> int:
    return responding.round_pending_open(survey_round=Round.objects.get(pk=round_id))


@shared_task
def round_results_build(round_id: int) -> None:
    services.round_results_build(survey_round=Round.objects.get(pk=round_id))
    responding.batch_tables_vacuum()


@shared_task
def round_invite(round_id: int) -> int:
    return notify.round_invite(survey_round=Round.objects.get(pk=round_id))
