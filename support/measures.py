"""Charter measures from support: first-aider coverage, exit interviews offered, and one measure
per training programme (the share of its audience with a current completion)."""

from datetime import date
from functools import partial

from charters.measures import Measure, MeasureResult, register_measure, register_measure_family
from support import exits, training
from support.models import TrainingProgramme

TRAINING_PREFIX = "training_"
AT_RISK_POINTS = 15


@register_measure("schools_with_first_aider", "Schools with a mental health first aider")
def schools_with_first_aider(*, school, today: date) -> MeasureResult:
    if school is not None:
        count = training.coverage(schools=[school], today=today)["rows"][0]["first_aiders"]
        status = "on_track" if count else "off_track"
        return MeasureResult(f"{count} trained first aider{'s' if count != 1 else ''}", status)
    covered, total = training.schools_with_first_aider(today=today)
    if not total:
        return MeasureResult("no schools", None)
    status = (
        "on_track" if covered == total else ("at_risk" if covered * 2 >= total else "off_track")
    )
    return MeasureResult(
        f"{covered} of {total} schools", status, "first aiders trained and not lapsed"
    )


@register_measure("exit_interviews_offered", "Leavers offered an exit interview")
def exit_interviews_offered(*, school, today: date) -> MeasureResult:
    # The academic year runs from 1 September (docs/domain.md, "The school calendar").
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    offered, total = exits.leavers_offered(first=start, last=today, school=school)
    if not total:
        return MeasureResult("no leavers yet this year", None)
    share = offered / total
    status = "on_track" if share == 1 else ("at_risk" if share >= 0.8 else "off_track")
    return MeasureResult(f"{offered} of {total} leavers", status, "leavers this academic year")


def training_coverage_measure(*, programme_id: int, school, today: date) -> MeasureResult:
    """On track at the programme's threshold, at risk within 15 points below it."""
    programme = TrainingProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        return MeasureResult("programme removed", None)
    cell = training.programme_coverage(programme=programme, school=school, today=today)
    if cell["suppressed"]:
        return MeasureResult(
            "too few people to show", None, f"an audience of {cell['audience']} is too small"
        )
    pct = cell["pct"]
    if pct >= programme.target_pct:
        status = "on_track"
    elif pct >= programme.target_pct - AT_RISK_POINTS:
        status = "at_risk"
    else:
        status = "off_track"
    return MeasureResult(
        f"{pct:.0f}% ({cell['current']} of {cell['audience']})",
        status,
        f"current completions; on track at {programme.target_pct}%",
    )


def training_measures() -> list[Measure]:
    return [
        Measure(
            key=f"{TRAINING_PREFIX}{pk}",
            label=f"Staff with current training: {name}",
            compute=partial(training_coverage_measure, programme_id=pk),
        )
        for pk, name in TrainingProgramme.objects.values_list("pk", "name")
    ]


register_measure_family(TRAINING_PREFIX, training_measures)


FIRST_AIDERS_PER = 50


@register_measure("first_aiders_per_50", "Mental health first aiders per 50 staff (and pupils)")
def first_aiders_per_50(*, school, today: date) -> MeasureResult:
    """On track when every school (or this one) has at least one trained first aider per 50
    staff and, where its pupil number is given, per 50 pupils; at risk at half of that."""
    from people.models import School

    schools = [school] if school is not None else list(School.objects.order_by("name"))
    rows = training.coverage(schools=schools, today=today)["rows"]
    if not rows:
        return MeasureResult("no schools", None)
    worst = None
    for row in rows:
        needed = [row["headcount"] / FIRST_AIDERS_PER]
        if row["school"].pupils:
            needed.append(row["school"].pupils / FIRST_AIDERS_PER)
        ratio = row["first_aiders"] / max(needed) if max(needed) else 1
        worst = ratio if worst is None else min(worst, ratio)
    status = "on_track" if worst >= 1 else ("at_risk" if worst >= 0.5 else "off_track")
    if school is not None:
        row = rows[0]
        value = f"{row['first_aiders']} for {row['headcount']} staff"
        if school.pupils:
            value += f" and {school.pupils} pupils"
        return MeasureResult(value, status, "One trained first aider per 50 is the pledge.")
    short = sum(
        1
        for row in rows
        if row["first_aiders"] * FIRST_AIDERS_PER < max(row["headcount"], row["school"].pupils or 0)
    )
    return MeasureResult(
        f"{len(rows) - short} of {len(rows)} schools at one per 50",
        status,
        "Trained first aiders against staff and, where given, pupils on roll.",
    )
