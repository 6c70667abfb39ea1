"""Objects the URL walk (tests/url_walk.py) opens for the actions pages."""

from datetime import date


def school_a_action(cast):
    from actions import services
    from actions.models import Action

    existing = Action.objects.filter(school=cast.school_a).first()
    return existing or services.action_create(
        by=cast.head_a,
        school=cast.school_a,
        theme="workload",
        you_said="Marking takes too long.",
        we_will="Replace written marking with verbal feedback.",
        owner=cast.head_a,
        due_on=date(2027, 3, 1),
    )


def newsletter(cast, published: bool):
    from actions.models import Newsletter

    key = "2025-26-summer" if published else "2026-27-autumn"
    state = Newsletter.State.PUBLISHED if published else Newsletter.State.DRAFT
    item, _ = Newsletter.objects.get_or_create(
        term_key=key, defaults={"title": f"Newsletter {key}", "state": state}
    )
    return item
