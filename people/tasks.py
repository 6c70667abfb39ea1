from celery import shared_task

from people import services


@shared_task
def invitation_send_task(*, staff_id: int) -> bool:
    return services.invitation_send(staff_id=staff_id)


@shared_task
def leavers_deactivate_task() -> int:
    return services.leavers_deactivate()
