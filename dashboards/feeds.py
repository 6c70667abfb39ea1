"""The other apps' figures for the dashboards and the termly report, each behind one guard.

Where a providing app (or its function) does not exist yet, its feed answers None, which the
report stores as null and the pages show as "not available yet"; once the app lands the next
build fills it in. Errors inside a provider that does exist are not hidden: the build fails,
is retried and shows the error to HR.
"""

import importlib
from datetime import date

NOT_AVAILABLE = "not available yet"


def _provider(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def available() -> dict[str, bool]:
    """Which providers exist, recorded with each built report."""
    return {
        "surveys": _provider("surveys.selectors", "term_survey_summaries") is not None,
        "survey_trend": _provider("surveys.selectors", "headline_trend") is not None,
        "actions": _provider("actions.selectors", "action_counts") is not None,
        "pledges": _provider("charters.selectors", "pledge_statuses") is not None,
        "people": _provider("support.selectors", "people_figures") is not None,
        "workload": _provider("workload.selectors", "workload_indicators") is not None,
        "exit_reasons": _provider("support.selectors", "exit_reasons") is not None,
        "difference": _provider("actions.selectors", "difference_feedback") is not None,
    }


def _pct(value) -> float | None:
    return None if value is None else round(float(value), 2)


def exit_reasons(*, term_key: str) -> dict | None:
    """Trust-wide exit questionnaire reasons (and who might have kept the leaver) for the report's
    details; free-text comments stay on HR's pages and are not copied into the report."""
    feed = _provider("support.selectors", "exit_reasons")
    if feed is None:
        return None
    found = feed(term_key=term_key)
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
    feed = _provider("actions.selectors", "difference_feedback")
    return None if feed is None else feed(school=school, first_day=first_day, last_day=last_day)


def survey_summaries(*, first_day: date, last_day: date, school=None) -> list[dict] | None:
    feed = _provider("surveys.selectors", "term_survey_summaries")
    return None if feed is None else feed(first_day=first_day, last_day=last_day, school=school)


def survey_trend(*, school=None, limit: int = 6) -> list[dict] | None:
    feed = _provider("surveys.selectors", "headline_trend")
    return None if feed is None else feed(school=school, limit=limit)


def action_counts(*, school=None, today: date | None = None) -> dict | None:
    feed = _provider("actions.selectors", "action_counts")
    return None if feed is None else feed(school=school, today=today)


def pledges(*, school=None) -> list[dict] | None:
    feed = _provider("charters.selectors", "pledge_statuses")
    return None if feed is None else feed(school=school)


def people(*, term_key: str, school=None) -> dict | None:
    feed = _provider("support.selectors", "people_figures")
    return None if feed is None else feed(term_key=term_key, school=school)


def people_for_schools(*, term_key: str, schools) -> dict | None:
    """People figures of the trust ("trust") and each school (by id), in one call if possible."""
    batch = _provider("support.selectors", "people_figures_for")
    if batch is not None:
        return batch(term_key=term_key, schools=schools)
    single = _provider("support.selectors", "people_figures")
    if single is None:
        return None
    return {
        "trust": single(term_key=term_key),
        **{s.pk: single(term_key=term_key, school=s) for s in schools},
    }


def workload(*, term_key: str, school=None) -> dict | None:
    feed = _provider("workload.selectors", "workload_indicators")
    return None if feed is None else feed(term_key=term_key, school=school)


# --- every school at once, for the termly report (queries constant in the number of schools) ----


def survey_summaries_for(*, periods: dict) -> dict | None:
    """{key: survey_summaries} for periods {key: (first_day, last_day, school or None)}."""
    feed = _provider("surveys.selectors", "term_survey_summaries_for")
    return None if feed is None else feed(periods=periods)


def action_counts_for(*, schools, today: date | None = None) -> dict | None:
    """{"trust": action_counts, school id: that school's}."""
    feed = _provider("actions.selectors", "action_counts_for")
    return None if feed is None else feed(schools=schools, today=today)


def pledges_for(*, schools) -> dict | None:
    """{"trust": pledges, school id: that school's}."""
    feed = _provider("charters.selectors", "pledge_statuses_for")
    return None if feed is None else feed(schools=schools)


def workload_for(*, term_key: str, schools) -> dict | None:
    """{"trust": workload, school id: that school's}."""
    feed = _provider("workload.report_batch", "workload_indicators_for")
    return None if feed is None else feed(term_key=term_key, schools=schools)
