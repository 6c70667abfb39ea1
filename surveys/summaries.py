"""Survey summaries for the dashboards and the termly report: the rounds closed in a term and the
trend of headline scores, read from stored, suppressed results."""

from django.db.models import Q
from django.utils import timezone

from surveys import stored_results
from surveys.models import (
    RoundResults,
)


def trend_series(*, school_urn: str | None = None, limit: int = 6) -> list[dict]:
    """Stored results of the last `limit` closed rounds, oldest first."""
    now = timezone.now()
    stored = (
        RoundResults.objects.filter(
            Q(round__imported=True) | Q(round__published=True, round__closes_at__lte=now)
        )
        .select_related("round")
        .order_by("-round__closes_at")[:limit]
    )
    return [s.data for s in reversed(list(stored))]


def _summary(data: dict, school_urn: str | None) -> dict:
    kind = "school" if school_urn else "trust"
    group = stored_results.group_of(data, kind=kind, school_urn=school_urn)
    invited_map = data.get("invited_by_school") or {}
    invited = invited_map.get(school_urn or "trust") if invited_map else None
    suppressed = group is None or group["suppressed"]
    responded = None if suppressed else group["respondents"]
    scores = []
    shown_scores = stored_results.figures_by_key(group, "scores")
    for meta in data["scores"]:
        figure = shown_scores.get((meta["instrument"], meta["key"]))
        hidden = figure is None or figure.get("suppressed", False)
        scores.append(
            {
                "instrument": meta["instrument"],
                "key": meta["key"],
                "label": meta["label"],
                "n": None if hidden else figure["n"],
                "mean": None if hidden else figure["mean"],
                "suppressed": hidden,
            }
        )
    return {
        "round": data["round"],
        "title": data["title"],
        "closed": data["closed"],
        "responded": responded,
        "response_rate_pct": None
        if responded is None or not invited
        else 100 * responded / invited,
        "suppressed": suppressed,
        "scores": scores,
    }


def term_survey_summaries(*, first_day, last_day, school=None) -> list[dict]:
    """Rounds that closed in [first_day, last_day], summarised for the trust or one school."""
    urn = school.urn if school is not None else None
    stored = (
        RoundResults.objects.filter(Q(round__imported=True) | Q(round__published=True))
        .filter(round__closes_at__lte=timezone.now())
        .select_related("round")
        .order_by("round__closes_at")
    )
    return [_summary(s.data, urn) for s in stored if first_day <= s.round.closed_on <= last_day]


def term_survey_summaries_for(*, periods: dict) -> dict:
    """term_survey_summaries for several groups from one read of the stored results.

    periods maps a key to (first_day, last_day, school or None); the answer maps each key to
    the summaries of the rounds that closed in its period.
    """
    stored = list(
        RoundResults.objects.filter(Q(round__imported=True) | Q(round__published=True))
        .filter(round__closes_at__lte=timezone.now())
        .select_related("round")
        .order_by("round__closes_at")
    )
    return {
        key: [
            _summary(s.data, school.urn if school is not None else None)
            for s in stored
            if first_day <= s.round.closed_on <= last_day
        ]
        for key, (first_day, last_day, school) in periods.items()
    }


def headline_trend(*, school=None, limit=6) -> list[dict]:
    urn = school.urn if school is not None else None
    return [_summary(data, urn) for data in trend_series(limit=limit)]
