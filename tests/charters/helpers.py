"""Building charters for tests through the real services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from charters import services
from charters.models import Charter, Pledge

UK = ZoneInfo("Europe/London")


def published_charter(
    hr, *, title="Trust wellbeing charter", school=None, pledges=None, notify=False, at=None
) -> Charter:
    """A charter with one published version: one section per (section, [pledge fields])."""
    charter = services.charter_create(kind="wellbeing", title=title, school=school)
    draft = charter.versions.get()
    for section_title, items in pledges or [("Voice", [{"commitment": "We will listen."}])]:
        section = services.section_add(version=draft, title=section_title)
        for fields in items:
            services.pledge_add(section=section, **fields)
    services.charter_publish(
        version=draft,
        by=hr,
        change_summary="",
        notify=notify,
        at=at or datetime(2026, 9, 1, 9, tzinfo=UK),
    )
    charter.refresh_from_db()
    return charter


def next_version(charter, hr, *, change=None, summary="Changed.", notify=False):
    """Start a draft, apply `change(draft)` and publish it."""
    draft = services.draft_start(charter=charter)
    if change:
        change(draft)
    services.charter_publish(version=draft, by=hr, change_summary=summary, notify=notify)
    charter.refresh_from_db()
    return charter.current_version


def first_pledge(version) -> Pledge:
    return (
        Pledge.objects.filter(section__version=version)
        .order_by("section__position", "position")
        .first()
    )
