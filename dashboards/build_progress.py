"""How far a report build has got, in stages people can follow, and why a failed one failed."""

from django.urls import reverse

from dashboards.models import ReportBuild

STAGES = [
    ("queued", "Waiting for the background worker"),
    ("figures", "Working out the figures: absence, surveys, actions, pledges, people, workload"),
    ("saving", "Saving the new version of the report"),
    ("done", "Built"),
]
_INDEX = {key: i for i, (key, _label) in enumerate(STAGES)}


def stage_set(build_id: int, stage: str) -> None:
    """Record the stage a running build has reached (seen at once by the progress page)."""
    ReportBuild.objects.filter(pk=build_id).update(stage=stage)


def failure_reason(error: str) -> str:
    """The first line of a stored error, in words: 'RuntimeError: x' -> 'x (RuntimeError)'."""
    first = next((line for line in error.splitlines() if line.strip()), "").strip()
    kind, _, message = first.partition(": ")
    if message and kind.replace(".", "").isidentifier():
        return f"{message} ({kind})"
    return first or "No reason was recorded."


def build_progress(build: ReportBuild) -> dict:
    done = build.status == ReportBuild.Status.DONE
    failed = build.status == ReportBuild.Status.FAILED
    if done:
        reached = "done"
    elif build.status in (ReportBuild.Status.QUEUED, ReportBuild.Status.RETRYING):
        reached = "queued"  # a retry starts again from the beginning
    else:
        reached = build.stage or "figures"
    current = _INDEX.get(reached, 0)
    stages = []
    for index, (key, label) in enumerate(STAGES):
        if done or index < current:
            state = "done"
        elif index == current:
            state = "failed" if failed else "current"
        else:
            state = "todo"
        stages.append({"key": key, "label": label, "state": state})
    finished = [s for s in stages if s["state"] == "done"]
    return {
        "status": build.status,
        "status_text": build.get_status_display(),
        "stages": stages,
        "percent": round(100 * len(finished) / len(STAGES)),
        "current": STAGES[current][1],
        "finished": done or failed,
        "failed": failed,
        "retrying": build.status == ReportBuild.Status.RETRYING,
        "reason": failure_reason(build.error) if build.error else "",
        "report_url": reverse("dashboards:report", args=[build.report_id])
        if done and build.report_id
        else "",
    }
