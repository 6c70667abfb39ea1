"""Reads for you said, we did."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from actions.models import (
    OPEN_STATUSES,
    Action,
    ActionChange,
    DifferenceVoter,
    Newsletter,
    NewsletterItem,
    Status,
)
from people.access import Perm, has_perm, school_ids_for
from people.anonymity import at_least
from people.models import Role, RoleAssignment, School, Trust, User, employed_on_condition
from surveys import sealing

TRUST_WIDE = "Trust-wide"


def action_counts(*, school=None, today: date | None = None) -> dict:
    """{"open", "done", "overdue"} for one school, or for every action when school is None."""
    today = today or timezone.localdate()
    queryset = Action.objects.all()
    if school is not None:
        queryset = queryset.filter(school=school)
    return queryset.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        done=Count("pk", filter=Q(status=Status.DONE)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    )


def action_counts_for(*, schools, today: date | None = None) -> dict:
    """action_counts for the trust ("trust") and each school (by id), in one grouped query."""
    today = today or timezone.localdate()
    zero = {"open": 0, "done": 0, "overdue": 0}
    rows = (
        Action.objects.values("school_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            done=Count("pk", filter=Q(status=Status.DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        )
        .order_by()
    )
    by_school = {row.pop("school_id"): row for row in rows}
    trust = {key: sum(row[key] for row in by_school.values()) for key in zero}
    return {"trust": trust, **{s.pk: by_school.get(s.pk, dict(zero)) for s in schools}}


def visible_actions(*, user) -> QuerySet:
    """Actions the person may read: their school's (or schools') and the trust's own."""
    if not has_perm(user, Perm.VIEW_ACTIONS):
        return Action.objects.none()
    ids = school_ids_for(user, Perm.VIEW_ACTIONS)
    queryset = Action.objects.all()
    if ids is not None:
        queryset = queryset.filter(
            Q(school__in=[i for i in ids if i is not None]) | Q(school__isnull=True)
        )
    return queryset


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("school", "owner", "round", "question", "comment")


def board_actions(
    *, user, school: School | None, status: str = "", theme: str = ""
) -> list[Action]:
    """One board: a school's actions, or the trust's own when school is None."""
    queryset = visible_actions(user=user)
    queryset = queryset.filter(school=school) if school else queryset.filter(school__isnull=True)
    if status:
        queryset = queryset.filter(status=status)
    if theme:
        queryset = queryset.filter(theme=theme)
    actions = list(_with_relations(queryset).order_by("status", "due_on", "pk"))
    answered = _answered_ids(actions, user) if user.is_authenticated else set()
    for action in actions:
        action.answered = action.pk in answered
    return actions


def _answered_ids(actions, user) -> set[int]:
    """Ids of those actions the person has answered for (voter rows hold only keyed tokens)."""
    tokens = {
        token: action.pk
        for action in actions
        for token in sealing.voter_tokens(action_id=action.pk, user_id=user.pk)
    }
    if not tokens:
        return set()
    found = DifferenceVoter.objects.filter(token__in=list(tokens)).values_list("token", flat=True)
    return {tokens[token] for token in found}


def board_schools(*, user) -> QuerySet:
    """The schools whose boards the person may open."""
    ids = school_ids_for(user, Perm.VIEW_ACTIONS)
    if ids is None:
        return School.objects.order_by("name")
    return School.objects.filter(pk__in=[i for i in ids if i is not None]).order_by("name")


def action_detail(*, user, pk: int) -> Action:
    """An action the person may read (404 otherwise), with its history."""
    from django.shortcuts import get_object_or_404

    queryset = _with_relations(visible_actions(user=user)).prefetch_related(
        Prefetch("changes", queryset=ActionChange.objects.select_related("changed_by"))
    )
    return get_object_or_404(queryset, pk=pk)


def has_answered(*, action: Action, user) -> bool:
    tokens = sealing.voter_tokens(action_id=action.pk, user_id=user.pk)
    return DifferenceVoter.objects.filter(action=action, token__in=tokens).exists()


def difference_tally(*, action: Action) -> dict:
    """What people may see of an action's "did it make a difference?" counts: each hidden
    (None) below the trust's minimum group size k and otherwise "at least" a multiple of k."""
    k = Trust.current().min_group_size
    return {
        "k": k,
        "answered": at_least(action.difference_votes, k),
        "made_difference": at_least(action.made_difference, k),
        "made_no_difference": at_least(action.made_no_difference, k),
        "any": action.difference_votes > 0,
    }


def my_actions(*, user) -> QuerySet:
    return _with_relations(Action.objects.filter(owner=user)).order_by("status", "due_on", "pk")


def managed_actions(*, user, school: School | None, status: str = "") -> QuerySet:
    queryset = (
        Action.objects.filter(school=school) if school else Action.objects.filter(school=None)
    )
    if status == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    elif status:
        queryset = queryset.filter(status=status)
    return _with_relations(queryset).order_by("status", "due_on", "pk")


def owner_choices(*, school: School | None) -> QuerySet:
    """Who may own an action: the school's current staff and role holders, or for the trust,
    central staff and HR."""
    today = timezone.localdate()
    current = employed_on_condition(today, through="staff_member__")
    if school is None:
        hr = RoleAssignment.objects.filter(role=Role.HR).values("user_id")
        condition = (current & Q(staff_member__school__isnull=True)) | Q(pk__in=hr)
    else:
        holders = RoleAssignment.objects.filter(school=school).values("user_id")
        condition = (current & Q(staff_member__school=school)) | Q(pk__in=holders)
    return (
        User.objects.filter(is_active=True)
        .filter(condition)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _status_at(changes: list[ActionChange], moment: datetime, current: str) -> str | None:
    """The status the history records at a moment (None: the action did not exist yet)."""
    status = None
    for change in changes:
        if change.changed_at > moment:
            break
        status = change.status
    if status is None and not changes:
        return current
    return status


def _term_bounds(term_key: str, school) -> tuple[date, date] | None:
    from school_calendar.terms import term_dates

    dates = term_dates(term_key, school)
    return (dates.first_day, dates.last_day) if dates else None


def term_actions(*, term_key: str) -> list[dict]:
    """The term's actions by school (trust-wide first, then schools by name): those done in the
    term, and those in progress at its end (at the end of today, for the current term).

    Each school's own term dates apply to its actions. Each returned action carries
    `newsletter_status`. Raises ValueError for a term key that does not parse.
    """
    from school_calendar.terms import parse_term_key

    parse_term_key(term_key)
    schools = list(School.objects.order_by("name"))
    bounds = {None: _term_bounds(term_key, None)}
    for school in schools:
        bounds[school.pk] = _term_bounds(term_key, school)
    known = [b for b in bounds.values() if b]
    if not known:
        raise LookupError(f"No term dates are entered for {term_key}.")
    earliest, latest = min(first for first, _ in known), max(last for _, last in known)
    candidates = (
        Action.objects.filter(
            Q(status=Status.DONE, completed_on__range=(earliest, latest))
            | Q(created_at__lt=_end_of(latest))
        )
        .select_related("school")
        .prefetch_related(
            Prefetch("changes", queryset=ActionChange.objects.order_by("changed_at", "pk"))
        )
        .order_by("due_on", "pk")
    )
    grouped: dict[int | None, list[Action]] = {}
    now = timezone.now()
    for action in candidates:
        term = bounds.get(action.school_id)
        if not term:
            continue
        first, last = term
        if action.status == Status.DONE and first <= action.completed_on <= last:
            action.newsletter_status = Status.DONE
        else:
            moment = min(_end_of(last), now)
            if action.status == Status.DONE and action.completed_on < first:
                continue
            if _status_at(list(action.changes.all()), moment, action.status) != Status.IN_PROGRESS:
                continue
            if action.created_at > moment:
                continue
            action.newsletter_status = Status.IN_PROGRESS
        grouped.setdefault(action.school_id, []).append(action)
    result = []
    if None in grouped:
        result.append({"school": None, "name": TRUST_WIDE, "actions": _done_first(grouped[None])})
    for school in schools:
        if school.pk in grouped:
            result.append(
                {"school": school, "name": school.name, "actions": _done_first(grouped[school.pk])}
            )
    return result


def _done_first(actions: list[Action]) -> list[Action]:
    return sorted(actions, key=lambda a: (a.newsletter_status != Status.DONE, a.due_on, a.pk))


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def newsletters_for(*, user) -> QuerySet:
    queryset = Newsletter.objects.annotate(item_count=Count("items"))
    if not has_perm(user, Perm.MANAGE_NEWSLETTER):
        queryset = queryset.filter(state=Newsletter.State.PUBLISHED)
    return queryset.order_by("-term_key")


def newsletter_groups(*, newsletter: Newsletter) -> list[dict]:
    """The newsletter's items grouped by school, in the order they were generated."""
    groups: list[dict] = []
    for item in NewsletterItem.objects.filter(newsletter=newsletter).order_by("position", "pk"):
        if not groups or groups[-1]["name"] != item.school_name:
            groups.append({"name": item.school_name, "done": [], "in_progress": []})
        groups[-1]["done" if item.status == Status.DONE else "in_progress"].append(item)
    return groups


def newsletter_recipients() -> list[str]:
    """Every current member of staff with an active account."""
    today = timezone.localdate()
    return list(
        User.objects.filter(is_active=True)
        .filter(employed_on_condition(today, through="staff_member__"))
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def difference_feedback(
    *, school=None, first_day: date | None = None, last_day: date | None = None
) -> dict:
    """Staff answers to "did it make a difference?" for actions done in a period (all time when
    no dates), for one school or all: {"actions", "made_difference", "made_no_difference",
    "suppressed"}; figures are None when fewer answered than the trust's minimum group size."""
    queryset = Action.objects.filter(status=Status.DONE)
    if school is not None:
        queryset = queryset.filter(school=school)
    if first_day:
        queryset = queryset.filter(completed_on__gte=first_day)
    if last_day:
        queryset = queryset.filter(completed_on__lte=last_day)
    from django.db.models import Sum

    totals = queryset.aggregate(
        actions=Count("pk"), yes=Sum("made_difference"), no=Sum("made_no_difference")
    )
    yes, no = totals["yes"] or 0, totals["no"] or 0
    suppressed = 0 < yes + no < Trust.current().min_group_size
    return {
        "actions": totals["actions"],
        "made_difference": None if suppressed else yes,
        "made_no_difference": None if suppressed else no,
        "suppressed": suppressed,
    }


def _closed_rounds():
    from surveys.models import Round

    now = timezone.now()
    return Round.objects.filter(Q(imported=True) | Q(published=True, closes_at__lte=now))


def round_choices(*, school: School | None) -> QuerySet:
    """Closed rounds of the last two years that asked this school's staff (all, for the trust)."""
    rounds = _closed_rounds().filter(closes_at__gte=timezone.now() - timedelta(days=731))
    if school is not None:
        rounds = rounds.filter(Q(whole_trust=True) | Q(schools=school)).distinct()
    return rounds.order_by("-closes_at")


def question_choices(*, rounds: QuerySet) -> QuerySet:
    from surveys.models import Question

    return (
        Question.objects.filter(round__in=rounds)
        .select_related("round")
        .order_by("-round__closes_at", "position", "pk")
    )


def comment_choices(*, school: School | None, rounds: QuerySet) -> QuerySet:
    """Comments HR approved, only from groups the survey rules let comments be shown for: the
    school's group (the whole trust's, for a trust action) shown and at least the round's comment
    threshold in its stored results."""
    from surveys.models import Comment
    from surveys.results import group_of

    allowed = []
    for survey_round in rounds.filter(results__isnull=False).select_related("results"):
        data = survey_round.results.data
        if school is None:
            group = group_of(data, kind="trust")
        else:
            group = group_of(data, kind="school", school_urn=school.urn)
        if (
            group
            and not group["suppressed"]
            and (group["respondents"] or 0) >= survey_round.comment_min_group_size
        ):
            allowed.append(survey_round.pk)
    comments = Comment.objects.filter(round__in=allowed, status=Comment.Status.APPROVED)
    if school is not None:
        comments = comments.filter(school=school)
    return comments.select_related("round").order_by(
        "-round__closes_at", "question_key", "shown_text"
    )


# A question is a finding when its mean sits in the less favourable half of its scale, or at least
# this far (as a share of the scale) below the whole trust's mean.
LOW_SHARE = 0.5
BELOW_TRUST_BY = 0.1


def _favourability(figure: dict, meta: dict, high_is_bad: bool) -> float | None:
    """Where the mean sits on its scale, 0 (worst) to 1 (best)."""
    if figure.get("suppressed") or figure.get("mean") is None or meta["max"] == meta["min"]:
        return None
    share = (figure["mean"] - meta["min"]) / (meta["max"] - meta["min"])
    return 1 - share if high_is_bad else share


def _high_is_bad(survey_round, meta: dict) -> bool:
    """Reverse-worded items, and items of a score where lower is better (ONS4 anxiety)."""
    lower_better = {
        item
        for instrument in (survey_round.instruments or {}).values()
        for score in instrument.get("scores", [])
        if score.get("higher_is_better") is False
        for item in score.get("items", [])
    }
    return bool(meta.get("reverse")) != (meta["key"] in lower_better)


def latest_results_round(*, school: School | None):
    """The most recent closed round with built results that asked this school (or anyone)."""
    rounds = _closed_rounds().filter(results__isnull=False)
    if school is not None:
        rounds = rounds.filter(Q(whole_trust=True) | Q(schools=school)).distinct()
    return rounds.select_related("results").order_by("-closes_at").first()


def findings_without_action(*, school: School | None, every: bool = False) -> dict:
    """Notably low questions of the latest closed round (for the school, or the whole trust) that
    no action of the school (or the trust) answers yet. Only figures the survey rules show are
    used: a suppressed school has no findings to list. every=True lists every shown question
    without an action, least favourable first (the demo uses it)."""
    from surveys.models import Question
    from surveys.results import figures_by_key, group_of

    survey_round = latest_results_round(school=school)
    if survey_round is None:
        return {"round": None, "findings": [], "suppressed": False}
    data = survey_round.results.data
    trust_group = group_of(data, kind="trust")
    group = trust_group if school is None else group_of(data, kind="school", school_urn=school.urn)
    if group is None or group["suppressed"]:
        return {"round": survey_round, "findings": [], "suppressed": True}
    figures, trust_figures = (
        figures_by_key(group, "questions"),
        figures_by_key(trust_group, "questions"),
    )
    answered = set(
        Action.objects.filter(school=school, question__round=survey_round).values_list(
            "question__key", flat=True
        )
    )
    questions = {q.key: q for q in Question.objects.filter(round=survey_round)}
    findings = []
    acted_on = 0
    for meta in data["questions"]:
        if not meta.get("numeric") or meta["key"] not in questions:
            continue
        figure = figures.get(meta["key"])
        high_is_bad = _high_is_bad(survey_round, meta)
        favourable = _favourability(figure, meta, high_is_bad) if figure else None
        if favourable is None:
            continue
        trust_figure = trust_figures.get(meta["key"])
        trust_favourable = _favourability(trust_figure, meta, high_is_bad) if trust_figure else None
        below_trust = (
            trust_favourable is not None and trust_favourable - favourable >= BELOW_TRUST_BY
        )
        if not (every or favourable < LOW_SHARE or below_trust):
            continue
        if meta["key"] in answered:
            acted_on += 1  # counted, so the page can say how many findings have an action
        else:
            findings.append(
                {
                    "question": questions[meta["key"]],
                    "mean": figure["mean"],
                    "n": figure["n"],
                    "trust_mean": trust_figure.get("mean") if trust_figure else None,
                    "favourable_pct": round(100 * favourable),
                    "scale": f"{meta['min']} to {meta['max']}",
                }
            )
    findings.sort(key=lambda f: f["favourable_pct"])
    return {
        "round": survey_round,
        "findings": findings,
        "acted_on": acted_on,
        "suppressed": False,
    }


def trust_counts(*, today: date | None = None) -> dict:
    """The trust's own actions only (not the schools')."""
    today = today or timezone.localdate()
    return Action.objects.filter(school__isnull=True).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        done=Count("pk", filter=Q(status=Status.DONE)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    )


def managed_schools(*, user) -> list[School]:
    ids = school_ids_for(user, Perm.MANAGE_ACTIONS)
    schools = School.objects.order_by("name")
    if ids is not None:
        schools = schools.filter(pk__in=[i for i in ids if i is not None])
    return list(schools)


def initial_from_question(*, school: School | None, question_id) -> dict:
    """Form values for an action answering one survey question (a finding)."""
    if not question_id or not str(question_id).isdigit():
        return {}
    question = question_choices(rounds=round_choices(school=school)).filter(pk=question_id).first()
    if question is None:
        return {}
    return {
        "round": question.round_id,
        "question": question.pk,
        "you_said": f"“{question.text}” scored low.",
    }


def initial_from_score(*, school: School | None, round_id, score: str) -> dict:
    """Form values for an action answering a standard's (multi-question) score: the round, and
    the score named in "You said" (an action links to one question at most, so none is chosen)."""
    if not round_id or not str(round_id).isdigit() or ":" not in (score or ""):
        return {}
    survey_round = round_choices(school=school).filter(pk=round_id).first()
    if survey_round is None:
        return {}
    instrument_key, score_key = score.split(":", 1)
    instrument = (survey_round.instruments or {}).get(instrument_key) or {}
    for entry in instrument.get("scores", []):
        if entry.get("key") == score_key:
            name = instrument.get("name") or instrument_key
            return {
                "round": survey_round.pk,
                "you_said": f"“{entry['label']}” ({name}) scored low.",
            }
    return {}


def owned_counts(*, user) -> dict:
    """{"open", "overdue"}: the person's own open actions (for the home page flag)."""
    return Action.objects.filter(owner=user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())),
    )
