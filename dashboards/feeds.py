"""The other apps' figures for the dashboards and the termly report, in the report's shapes.

Each feed is registered by the app that owns the figures (common/report_feeds.py, from the app's
AppConfig.ready()); this module only asks for it by name and shapes what comes back.
"""

from datetime import date

from common.report_feeds import report_feed, report_feed_names

FEEDS = {
    # report part: the registered feeds it uses
    "surveys": "surveys.term_summaries",
    "survey_trend": "surveys.headline_trend",
    "actions": "actions.counts",
    "pledges": "charters.pledge_statuses",
    "people": "support.people_figures_for",
    "workload": "workload.indicators",
    "exit_reasons": "support.exit_reasons",
    "difference": "actions.difference_feedback",
}


def available() -> dict[str, bool]:
    """Which parts had a provider, recorded with each built report."""
    registered = set(report_feed_names())
    return {part: name in registered for part, name in FEEDS.items()}


def _pct(value) -> float | None:
    return None if value is None else round(float(value), 2)


def exit_reasons(*, term_key: str) -> dict | None:
    """Trust-wide exit questionnaire reasons (and who might have kept the leaver) for the report's
    details; free-text comments stay on HR's pages and are not copied into the report."""
    found = report_feed(FEEDS["exit_reasons"])(term_key=term_key)
    return {
        "answers": found["answers"],
        "suppressed": found["suppressed"],
        **{
            part: [
                {"label": str(row["label"]), "count": row["count"], "pct": _pct(row["pct"])}
                for row in found[part]
            ]
            for part in ("reasons", "kept_by")
        },
    }


def difference_feedback(*, first_day: date, last_day: date, school=None) -> dict | None:
    """Staff answers to "did it make a difference?" for actions done in the term."""
    feed = report_feed(FEEDS["difference"])
    return feed(school=school, first_day=first_day, last_day=last_day)


def survey_summaries(*, first_day: date, last_day: date, school=None) -> list[dict] | None:
    feed = report_feed(FEEDS["surveys"])
    return feed(first_day=first_day, last_day=last_day, school=school)


def survey_trend(*, school=None, limit: int = 6) -> list[dict] | None:
    return report_feed(FEEDS["survey_trend"])(school=school, limit=limit)


def action_counts(*, school=None, today: date | None = None) -> dict | None:
    return report_feed(FEEDS["actions"])(school=school, today=today)


def pledges(*, school=None) -> list[dict] | None:
    return report_feed(FEEDS["pledges"])(school=school)


def people_for_schools(*, term_key: str, schools) -> dict | None:
    """People figures of the trust ("trust") and each school (by id), in one call."""
    return report_feed(FEEDS["people"])(term_key=term_key, schools=schools)


def workload(*, term_key: str, school=None) -> dict | None:
    return report_feed(FEEDS["workload"])(term_key=term_key, school=school)


# --- every school at once, for the termly report (queries constant in the number of schools) ----

FEEDS_FOR_SCHOOLS = {
    "surveys": "surveys.term_summaries_for",
    "actions": "actions.counts_for",
    "pledges": "charters.pledge_statuses_for",
    "workload": "workload.indicators_for",
}


def survey_summaries_for(*, periods: dict) -> dict:
    """{key: survey_summaries} for periods {key: (first_day, last_day, school or None)}."""
    return report_feed(FEEDS_FOR_SCHOOLS["surveys"])(periods=periods)


def action_counts_for(*, schools, today: date | None = None) -> dict:
    """{"trust": action_counts, school id: that school's}."""
    return report_feed(FEEDS_FOR_SCHOOLS["actions"])(schools=schools, today=today)


def pledges_for(*, schools, today) -> dict:
    """{"trust": pledges, school id: that school's}, measured as on `today`."""
    return report_feed(FEEDS_FOR_SCHOOLS["pledges"])(schools=schools, today=today)


def workload_for(*, term_key: str, schools) -> dict:
    """{"trust": workload, school id: that school's}."""
    return report_feed(FEEDS_FOR_SCHOOLS["workload"])(term_key=term_key, schools=schools)
