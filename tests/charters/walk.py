"""A small published charter (two versions and a draft) for the URL-by-role walk."""

from datetime import datetime
from zoneinfo import ZoneInfo

from charters import services
from charters.models import Charter, Pledge

UK = ZoneInfo("Europe/London")


def walk_charter(cast) -> Charter:
    charter = Charter.objects.filter(slug="walk-charter").first()
    if charter is not None:
        return charter
    charter = services.charter_create(kind="wellbeing", title="Walk charter", slug="walk-charter")
    draft = charter.versions.get()
    section = services.section_add(version=draft, title="Voice")
    services.pledge_add(section=section, commitment="We will listen.")
    services.charter_publish(
        version=draft,
        by=cast.hr,
        change_summary="",
        notify=False,
        at=datetime(2026, 9, 1, 9, tzinfo=UK),
    )
    charter.refresh_from_db()
    draft = services.draft_start(charter=charter)
    services.pledge_update(
        pledge=Pledge.objects.get(section__version=draft), commitment="We will act."
    )
    services.charter_publish(version=draft, by=cast.hr, change_summary="Act.", notify=False)
    charter.refresh_from_db()
    services.draft_start(charter=charter)
    return charter


def charter_kwargs(cast) -> dict:
    return {"pk": walk_charter(cast).pk}


def version_kwargs(cast) -> dict:
    return {"pk": walk_charter(cast).pk, "number": 1}


def draft_section_kwargs(cast) -> dict:
    charter = walk_charter(cast)
    return {"section_id": charter.versions.get(status="draft").sections.get().pk}


def draft_pledge_kwargs(cast) -> dict:
    charter = walk_charter(cast)
    return {
        "pledge_id": Pledge.objects.get(
            section__version__charter=charter, section__version__status="draft"
        ).pk
    }


def evidence_kwargs(cast) -> dict:
    charter = walk_charter(cast)
    return {
        "pk": charter.pk,
        "pledge_key": Pledge.objects.filter(section__version=charter.current_version).get().key,
    }
