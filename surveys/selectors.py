"""Reads for surveys. Figures always come from stored, suppressed results (see results.py)."""

from django.db import connection
from django.db.models import Count, Exists, F, Min, Q
from django.utils import timezone

from common.model_rows import ModelColumns
from people import anonymity
from people.access import Perm, has_trust_perm, school_ids_for, staff_record
from people.models import School
from surveys import sealing
from surveys.models import (
    Comment,
    Instrument,
    Invitation,
    PendingResponse,
    Release,
    ReportingCluster,
    Round,
    RoundResults,
)

_ROUND_COLUMNS = ModelColumns(Round, "r")


def round_by_slug(slug: str) -> Round | None:
    """The round with this slug, or None. Written as SQL: every survey page reads its round
    first, and the ORM took longer to build this query than the database to answer it."""
    table = connection.ops.quote_name(Round._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_ROUND_COLUMNS.sql} FROM {table} r WHERE r.slug = %s", [slug])
        row = cursor.fetchone()
    return None if row is None else _ROUND_COLUMNS.instance(row)


def rounds_to_take(user) -> list[Round]:
    """Open rounds whose audience includes the user and that they have not answered yet."""
    staff = staff_record(user)
    if staff is None or not staff.is_employed_on(timezone.localdate()):
        return []
    now = timezone.now()
    rounds = (
        Round.objects.filter(published=True, imported=False, opens_at__lte=now, closes_at__gt=now)
        .filter(Q(whole_trust=True) | Q(schools=staff.school_id))
        .exclude(pk__in=Invitation.objects.filter(user=user, responded=True).values("round_id"))
        .distinct()
        .order_by("closes_at")
    )
    return [r for r in rounds if not has_responded(survey_round=r, user=user)]


def has_responded(*, survey_round: Round, user) -> bool:
    """Whether the person has submitted: marked on their invitation, or waiting sealed."""
    marked = Invitation.objects.filter(round=survey_round, user=user, responded=True)
    tokens = sealing.participant_tokens(round_id=survey_round.pk, user_id=user.pk)
    waiting = PendingResponse.objects.filter(round=survey_round, token__in=tokens)
    # One query for both (it runs twice on every submit: before and under the round's lock).
    return (
        Round.objects.filter(pk=survey_round.pk).filter(Exists(marked) | Exists(waiting)).exists()
    )


def pending_user_ids(*, survey_round: Round, user_ids) -> set[int]:
    """Those of user_ids who have a submission waiting, sealed, to be written out."""
    waiting = set(
        PendingResponse.objects.filter(round=survey_round)
        .exclude(token="")
        .values_list("token", flat=True)
    )
    if not waiting:
        return set()
    return {
        user_id
        for user_id in user_ids
        if waiting.intersection(
            sealing.participant_tokens(round_id=survey_round.pk, user_id=user_id)
        )
    }


def response_rates(*, survey_round: Round, user) -> list[dict]:
    """Invited and responded counts by school and role group (never names), as the user may see."""
    rows = (
        Invitation.objects.filter(round=survey_round)
        .values("school__urn", "school__name", "role_group")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(responded=True)))
        .order_by("school__urn", "role_group")
    )
    allowed = school_ids_for(user, Perm.VIEW_RESPONSE_RATES)
    allowed_urns = (
        None
        if allowed is None
        else set(School.objects.filter(pk__in=allowed).values_list("urn", flat=True))
    )
    table: dict = {}
    for row in rows:
        urn = row["school__urn"]
        if allowed_urns is not None and urn not in allowed_urns:
            continue
        entry = table.setdefault(
            urn,
            {
                "urn": urn,
                "name": row["school__name"] or "Central staff",
                "invited": 0,
                "responded": 0,
                "roles": {},
            },
        )
        entry["invited"] += row["invited"]
        entry["responded"] += row["responded"]
        entry["roles"][row["role_group"]] = {
            "invited": row["invited"],
            "responded": row["responded"],
        }
    out = sorted(table.values(), key=lambda e: (e["urn"] is None, e["urn"] or ""))
    # Anyone but the trust-wide team that releases results sees counts move only in steps of
    # the minimum group size, so watching the page cannot time one person's submission.
    stepped = not has_trust_perm(user, Perm.VIEW_RESPONSE_RATES)
    k = survey_round.min_group_size
    for entry in out:
        for counts in [entry, *entry["roles"].values()]:
            if stepped:
                counts["responded"] = anonymity.stepped_count(counts["responded"], k)
            counts["stepped"] = stepped
            counts["rate"] = _pct(counts["responded"], counts["invited"])
    return out


def _pct(part, whole):
    return None if not whole else round(100 * part / whole, 1)


def results_visible(survey_round: Round, user) -> bool:
    """Whether results of the round may be shown yet (closed, or released early by HR)."""
    return survey_round.is_closed or survey_round.early_release


def visible_groups(data: dict, user) -> list[dict]:
    """Stored groups the user may see: all for trust-wide roles, else the trust and own schools."""
    if has_trust_perm(user, Perm.VIEW_SURVEY_RESULTS):
        return data["groups"]
    urns, clusters = _result_scope(user)
    return [
        g
        for g in data["groups"]
        if g["kind"] == "trust"
        or g["school_urn"] in urns
        or (g["kind"] == "cluster" and g["cluster"] in clusters)
    ]


def _result_scope(user) -> tuple[set[str], set[str]]:
    """URNs and cluster names of the schools whose results the user sees (cached on the user)."""
    cached = getattr(user, "_survey_result_scope", None)
    if cached is None:
        ids = school_ids_for(user, Perm.VIEW_SURVEY_RESULTS) or set()
        schools = list(
            School.objects.filter(pk__in=[i for i in ids if i is not None]).prefetch_related(
                "reporting_clusters"
            )
        )
        cached = (
            {s.urn for s in schools},
            {c.name for s in schools for c in s.reporting_clusters.all()},
        )
        user._survey_result_scope = cached
    return cached


def round_results(survey_round: Round) -> dict | None:
    stored = RoundResults.objects.filter(round=survey_round).only("data").first()
    return stored.data if stored else None


def comments_for(*, survey_round: Round, data: dict, user) -> list[dict]:
    """Approved comments the user may read: of shown groups at or above the comment threshold."""
    threshold = survey_round.comment_min_group_size
    eligible_urns, trust_ok = set(), False
    for group in visible_groups(data, user):
        if group["suppressed"] or (group["respondents"] or 0) < threshold:
            continue
        if group["kind"] == "trust":
            trust_ok = has_trust_perm(user, Perm.VIEW_SURVEY_RESULTS)
        elif group["kind"] == "school":
            eligible_urns.add(group["school_urn"])
    comments = Comment.objects.filter(
        round=survey_round, status=Comment.Status.APPROVED
    ).select_related("school")
    if not trust_ok:
        # A never-matching URN keeps the query (and the page's query count) when none is eligible.
        comments = comments.filter(school__urn__in=sorted(eligible_urns) or [""])
    return [
        {
            "question_key": c.question_key,
            "text": c.shown_text,
            "school": c.school.name if c.school and c.school.urn in eligible_urns else None,
        }
        for c in comments.order_by("question_key", "shown_text")
    ]


def reporting_level(*, survey_round: Round, user) -> dict:
    """What a person is told before starting: at which level their answers will be reported."""
    staff = staff_record(user)
    k = survey_round.min_group_size
    if staff is None or staff.school_id is None:
        return {
            "k": k,
            "school": None,
            "school_reported": False,
            "cluster": None,
            "role_group": None,
        }
    audience = Invitation.objects.filter(round=survey_round, school_id=staff.school_id).count()
    if audience == 0:
        from surveys.responding import audience_staff

        audience = audience_staff(survey_round).filter(school_id=staff.school_id).count()
    cluster = ReportingCluster.objects.filter(schools=staff.school_id).first()
    return {
        "k": k,
        "school": staff.school,
        "school_reported": audience >= k,
        "cluster": cluster,
        "role_group": staff.get_role_group_display().lower(),
    }


def instrument_choices(survey_round: Round) -> list[dict]:
    """Each loaded instrument with its items (ticked if already in the round) for picking."""
    have = set(survey_round.questions.values_list("key", flat=True))
    out = []
    for instrument in Instrument.objects.all():
        definition = instrument.definition
        out.append(
            {
                "instrument": instrument,
                "items": [
                    {"key": item["key"], "text": item["text"], "added": item["key"] in have}
                    for item in definition.get("items", [])
                ],
                "whole_only": [
                    score["label"]
                    for score in definition.get("scores", [])
                    if score.get("method") == "sum_lookup"
                ],
            }
        )
    return out


def rounds_with_pending_batch(now=None) -> list[int]:
    """Ids of rounds whose sealed submissions may be written out now: at least twice the
    minimum group size waiting (a batch leaves k sealed for the last one), or the round has
    closed with any waiting (its last batch)."""
    now = now or timezone.now()
    return list(
        Round.objects.annotate(pending=Count("pending_responses"))
        .filter(pending__gt=0)
        .filter(Q(pending__gte=2 * F("min_group_size")) | Q(closes_at__lte=now) | Q(imported=True))
        .values_list("pk", flat=True)
    )


def round_releases(survey_round: Round) -> list[dict]:
    """The round's releases, newest first, with what each shows and protects (HR's list)."""
    return [
        {
            "number": row["number"],
            "made_at": row["made_at"],
            "final": row["final"],
            "responded": row["data__responded"],
            "protected": row["data__statement__protected"],
        }
        for row in Release.objects.filter(round=survey_round)
        .order_by("-number")
        .values("number", "made_at", "final", "data__responded", "data__statement__protected")
    ]


def release_statement(*, survey_round: Round, number: int) -> dict | None:
    """One release's anonymity statement: what it hid or held, why, and how many it protects."""
    row = (
        Release.objects.filter(round=survey_round, number=number)
        .values("number", "made_at", "final", "data__min_group_size", "data__statement")
        .first()
    )
    if row is None:
        return None
    return {
        "number": row["number"],
        "made_at": row["made_at"],
        "final": row["final"],
        "k": row["data__min_group_size"],
        "rows": row["data__statement"]["rows"],
        "protected": row["data__statement"]["protected"],
    }


STATEMENT_COLUMNS = ["release", "group", "figure", "shown", "rule", "why"]


def round_results_timing(survey_round: Round) -> dict:
    """When a round's results were published, or when they will be: the first release, made
    when the round closes (or earlier, when HR releases results early)."""
    first = survey_round.releases.order_by("number").values_list("made_at", flat=True).first()
    return {
        "results_published_at": first,
        "results_due_at": None if first else survey_round.closes_at,
    }


def rounds_closed_for(user, limit: int = 6) -> list[Round]:
    """The latest closed rounds the person was invited to, each with `results_published_at`."""
    return list(
        Round.objects.filter(
            invitations__user=user, published=True, imported=False, closes_at__lte=timezone.now()
        )
        .annotate(results_published_at=Min("releases__made_at"))
        .order_by("-closes_at")[:limit]
    )
