from celery import shared_task

from support import services


@shared_task
def training_reminders_send() -> int:
    """Weekly: remind HR of first aiders' and champions' trainings that lapse soon."""
    return services.training_reminders_send()
