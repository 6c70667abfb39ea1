"""Every periodic task of the portal, declared in one place (run by django-celery-beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Builds the People committee report of a term the day after it ends (trust calendar).
    "dashboards-reports-for-ended-terms": {
        "task": "dashboards.tasks.reports_for_ended_terms_task",
        "schedule": crontab(hour=2, minute=15),
    },
    # Committee pack PDFs kept long enough, or of a superseded report version, deleted
    # (dashboards/pack_jobs.py; asking for a pack also clears them).
    "dashboards-committee-packs-clear": {
        "task": "dashboards.tasks.committee_packs_clear_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # Due email and deferred tasks, jobs past their deadline failed, jobs waiting for the broker
    # sent again (notifications/outbox.py). Long waits live in the database, never as broker ETAs.
    "workload-outbox-sweep": {
        "task": "notifications.tasks.outbox_sweep_task",
        "schedule": crontab(minute="*"),
    },
    "people-leavers-deactivate": {
        "task": "people.tasks.leavers_deactivate_task",
        "schedule": crontab(hour=1, minute=30),
    },
    # Owners are emailed through the quiet-hours-aware mail service (weekend runs wait for Monday).
    "actions-overdue-notify": {
        "task": "actions.tasks.overdue_actions_notify",
        "schedule": crontab(hour=7, minute=30),
    },
    # "Did it make a difference?" answers reach the counters only in batches of at least k.
    "actions-difference-votes-tally": {
        "task": "actions.tasks.difference_votes_tally",
        "schedule": crontab(minute="*/10"),
    },
    "support-training-reminders-send": {
        "task": "support.tasks.training_reminders_send",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    # Invitations when a round opens, reminders (outside quiet hours), batches of sealed
    # answers (at least k at once), results at close.
    "surveys-rounds-tick": {
        "task": "surveys.tasks.rounds_tick",
        "schedule": crontab(minute="*/10"),
    },
}
