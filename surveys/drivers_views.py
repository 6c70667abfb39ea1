"""The drivers page: what goes with an outcome, trust-wide and per school, from the latest
release (surveys.drivers)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from people.access import Perm, has_trust_perm, require, school_ids_for
from people.models import School
from surveys import drivers, selectors
from surveys.models import Round


def _groups_for(user, data: dict) -> list[tuple[str, str]]:
    """(group key, label) the user may see drivers of: the trust for trust-wide roles, and the
    schools of their scope that the release shows."""
    trust_wide = has_trust_perm(user, Perm.VIEW_SURVEY_DRIVERS)
    ids = school_ids_for(user, Perm.VIEW_SURVEY_DRIVERS) or set()
    urns = (
        None
        if trust_wide
        else set(School.objects.filter(pk__in=[i for i in ids if i]).values_list("urn", flat=True))
    )
    groups = [("trust", "Whole trust")] if trust_wide else []
    for g in data["groups"]:
        if g["kind"] == "school" and (urns is None or g["school_urn"] in urns):
            groups.append((g["school_urn"], g["school_name"]))
    return groups


@require(Perm.VIEW_SURVEY_DRIVERS)
def drivers_page(request, slug):
    survey_round = get_object_or_404(Round, slug=slug)
    if not selectors.results_visible(survey_round, request.user):
        raise Http404
    data = selectors.round_results(survey_round)
    if data is None:
        raise Http404
    groups = _groups_for(request.user, data)
    if not groups:
        raise Http404
    group = request.GET.get("group") or groups[0][0]
    if group not in dict(groups):
        raise Http404
    outcomes = drivers.outcome_choices(data)
    default = drivers.variable_id(*drivers.DEFAULT_OUTCOME)
    outcome = request.GET.get("outcome") or (
        default if default in dict(outcomes) else (outcomes[0][0] if outcomes else "")
    )
    if outcomes and outcome not in dict(outcomes):
        raise Http404
    rows = drivers.drivers_of(data, outcome, group) if "drivers" in data else None
    shown = [r for r in rows or [] if not r["suppressed"]]
    scores = [r for r in shown if r["instrument"]]
    questions = [r for r in shown if not r["instrument"]]
    return render(
        request,
        "surveys/drivers.html",
        {
            "round": survey_round,
            "data": data,
            "release": data.get("release") or {},
            "groups": groups,
            "group": group,
            "group_label": dict(groups)[group],
            "outcomes": outcomes,
            "outcome": outcome,
            "outcome_label": dict(outcomes).get(outcome, ""),
            "made_before_drivers": "drivers" not in data,
            "rows": rows,
            "shown": shown,
            "scores": scores,
            "questions": questions,
            "suppressed": [r for r in rows or [] if r["suppressed"]],
            "chart": drivers.interval_chart(scores or questions[:15]) if shown else None,
            "min_respondents": drivers.MIN_RESPONDENTS,
        },
    )
