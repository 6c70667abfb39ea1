"""Workload against wellbeing and absence (HSE Management Standards, step 2), per school and term.

One part of the termly report (`details["evidence"]`), built from figures the report already
holds (absence, workload indicators) plus: the HSE Management Standards scores of the latest
release of a round that used the HSE indicator tool and closed by the term's end (as released,
so hidden groups stay hidden; pulses, which ask only some items, are passed over), meetings per
teacher, directed time planned against budget, portal mail held back by quiet hours, and the
share of staff email sent in quiet hours (from the message trace). Then, for trustees, where
high workload and low wellbeing coincide.

Coincidence rule (kept simple so it can be explained in a committee): a school's wellbeing is
low when its HSE "demands" score is at least 0.1 below the trust's (lower means more pressure);
its workload is high when at least two workload signals are above the trust's (meetings per
teacher, share of meetings run over or needing an exception, directed time used, email in quiet
hours, data drops over the cap). Both together are a coincidence; sickness absence above the
trust's is added to it as a third sign.
"""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from email_hours.selectors import term_figures as email_term_figures
from notifications.models import NotificationRecord
from people.models import RoleGroup, StaffMember
from school_calendar.quiet_hours import UK
from school_calendar.terms import term_dates
from surveys.models import RoundResults
from surveys.stored_results import figures_by_key, group_of
from workload.selectors import directed_time

HSE = "hse-msit"
STANDARDS = ["demands", "control", "manager_support", "peer_support", "relationships", "role",
             "change"]  # fmt: skip
STANDARD_LABELS = {
    "demands": "Demands",
    "control": "Control",
    "manager_support": "Manager support",
    "peer_support": "Peer support",
    "relationships": "Relationships",
    "role": "Role",
    "change": "Change",
}
MARGIN = 0.1  # HSE scores run from 1 to 5; smaller gaps than this are noise
WORKLOAD_SIGNALS = {
    "meetings_per_teacher": "meetings per teacher",
    "meetings_off_rule_pct": "meetings run over or needing an exception",
    "directed_time_used_pct": "directed time used",
    "email_quiet_share_pct": "email sent in quiet hours",
}


def _pct(part, whole):
    return None if not whole else round(float(100 * part / whole), 2)


def _latest_hse_release(last_day) -> dict | None:
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UK)
    stored = (
        RoundResults.objects.filter(round__instruments__has_key=HSE)
        .exclude(round__kind="pulse")  # a pulse asks only some items: not the standards
        .filter(Q(round__imported=True) | Q(round__published=True))
        .filter(Q(round__closes_at__lt=end) | Q(round__early_release=True, built_at__lt=end))
        .order_by("-round__closes_at")
        .only("data")
        .first()
    )
    return stored.data if stored else None


def _hse_scores(data: dict | None, urn: str | None) -> dict | None:
    if data is None:
        return None
    group = group_of(data, kind="school" if urn else "trust", school_urn=urn)
    scores = figures_by_key(group, "scores")
    out = {}
    for key in STANDARDS:
        figure = scores.get((HSE, key))
        out[key] = None if figure is None or figure.get("suppressed") else round(figure["mean"], 2)
    return out


def _teachers_and_directed_time(term_key: str, on) -> tuple[Counter, dict]:
    staff = list(
        StaffMember.objects.filter(role_group=RoleGroup.TEACHING, start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
    )
    teachers = Counter(s.school_id for s in staff)
    used: dict = defaultdict(lambda: [0, 0])
    for row in directed_time(staff=staff, academic_year=term_key[:7]):
        used[row.staff.school_id][0] += row.planned
        used[row.staff.school_id][1] += row.budget
    used_pct = {sid: _pct(planned, budget) for sid, (planned, budget) in used.items()}
    trust_planned = sum(p for p, _ in used.values())
    trust_budget = sum(b for _, b in used.values())
    used_pct["trust"] = _pct(trust_planned, trust_budget)
    return teachers, used_pct


def _mail_deferred(first_day, last_day) -> Counter:
    start = datetime.combine(first_day, time.min, tzinfo=UK)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UK)
    rows = (
        NotificationRecord.objects.filter(
            urgent=False, queued_at__gte=start, queued_at__lt=end, due_at__gt=F("queued_at")
        )
        .values("school_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["school_id"]: row["n"] for row in rows})


def _row(*, name, urn, absence, workload, teachers, directed, deferred, email, hse) -> dict:
    workload = workload or {}
    meetings = workload.get("meetings", 0)
    off_rule = workload.get("meetings_overran", 0) + workload.get("meeting_overrides", 0)
    email_all = (email or {}).get("all") or {}
    absence = absence or {}
    return {
        "urn": urn,
        "name": name,
        "hse": hse,
        "meetings": meetings,
        "meetings_overran": workload.get("meetings_overran", 0),
        "meeting_exceptions": workload.get("meeting_overrides", 0),
        "meetings_off_rule_pct": _pct(min(off_rule, meetings), meetings),
        "teachers": teachers,
        "meetings_per_teacher": round(meetings / teachers, 2) if teachers else None,
        "directed_time_used_pct": directed,
        "data_drops": workload.get("data_drops_this_year"),
        "data_drop_limit": workload.get("data_drop_limit"),
        "portal_mail_deferred": deferred,
        "email_quiet_share_pct": None
        if email_all.get("suppressed", True)
        else round(email_all["quiet_share_pct"], 2),
        "absence_rate_pct": absence.get("absence_rate_pct"),
        "mental_health_pct": absence.get("mental_health_pct"),
        "absence_suppressed": bool(absence.get("suppressed")) or not absence,
    }


def _above(row: dict, trust: dict, key: str) -> bool:
    return row.get(key) is not None and trust.get(key) is not None and row[key] > trust[key]


def coincidence(row: dict, trust: dict) -> dict:
    """Whether high workload and low wellbeing coincide in a school, and why (see the module)."""
    demands, trust_demands = (row["hse"] or {}).get("demands"), (trust["hse"] or {}).get("demands")
    low_wellbeing = (
        demands is not None and trust_demands is not None and demands <= trust_demands - MARGIN
    )
    signals = [label for key, label in WORKLOAD_SIGNALS.items() if _above(row, trust, key)]
    if row["data_drops"] is not None and row["data_drop_limit"]:
        if row["data_drops"] > row["data_drop_limit"]:
            signals.append("data drops over the cap")
    high_workload = len(signals) >= 2
    absence_high = _above(row, trust, "absence_rate_pct")
    reasons = []
    if low_wellbeing:
        reasons.append(f"HSE demands score {demands:.2f} against the trust's {trust_demands:.2f}")
    if signals:
        reasons.append("above the trust: " + ", ".join(signals))
    if absence_high:
        reasons.append("sickness absence above the trust's")
    return {
        "flag": low_wellbeing and high_workload,
        "low_wellbeing": low_wellbeing,
        "high_workload": high_workload,
        "absence_high": absence_high,
        "reasons": reasons,
        "known": demands is not None and trust_demands is not None,
    }


def report_part(*, term_key: str, report: dict, details: dict, schools) -> dict | None:
    """The evidence part of a term's report, from the report being built (see the module)."""
    dates = term_dates(term_key)
    if dates is None:
        return None
    on = min(dates.last_day, timezone.localdate())
    teachers, directed = _teachers_and_directed_time(term_key, on)
    deferred = _mail_deferred(dates.first_day, dates.last_day)
    email = email_term_figures(term_key, schools)
    hse = _latest_hse_release(dates.last_day)
    by_urn = {s["urn"]: s for s in report["schools"]}
    trust = _row(
        name="Whole trust",
        urn=None,
        absence=report["trust"]["absence"],
        workload=details.get("trust_workload"),
        teachers=sum(teachers.values()),
        directed=directed.get("trust"),
        deferred=sum(deferred.values()),
        email=email["trust"] if email else None,
        hse=_hse_scores(hse, None),
    )
    rows = []
    for school in schools:
        row = _row(
            name=school.name,
            urn=school.urn,
            absence=by_urn[school.urn]["absence"],
            workload=details["schools"][school.urn].get("workload"),
            teachers=teachers.get(school.pk, 0),
            directed=directed.get(school.pk),
            deferred=deferred.get(school.pk, 0),
            email=email["schools"].get(school.pk) if email else None,
            hse=_hse_scores(hse, school.urn),
        )
        row["coincidence"] = coincidence(row, trust)
        rows.append(row)
    return {
        "term": term_key,
        "hse_round": {"round": hse["round"], "title": hse["title"],
                      "release": (hse.get("release") or {}).get("number")} if hse else None,
        "standards": STANDARD_LABELS,
        "trust": trust,
        "schools": rows,
    }  # fmt: skip


def for_reader(part: dict | None, urns: set[str] | None) -> dict | None:
    """The part as a reader may see it (every school when urns is None, else those schools
    beside the trust), with "rows" (the trust, then the schools) ready for the tables."""
    if part is None:
        return None
    schools = [s for s in part["schools"] if urns is None or s["urn"] in urns]
    rows = [
        {**row, "hse_values": [(row["hse"] or {}).get(key) for key in STANDARDS]}
        for row in [part["trust"], *schools]
    ]
    labels = [STANDARD_LABELS[key] for key in STANDARDS]
    return {**part, "schools": schools, "rows": rows, "standard_labels": labels}
