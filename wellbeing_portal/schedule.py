"""Every periodic task of the portal, declared in one place (run by django-celery-beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {}
