"""How far a background job (a report build, a committee pack) has got, in stages people can
follow, and why a failed one failed."""

from django.urls import reverse

from dashboards.models import ReportBuild

STAGES = [
    ("queued", "Waiting for the background worker"),
    ("figures", "Working out the figures: absence, surveys, actions, pledges, people, workload"),
    ("saving", "Saving the new version of the report"),
    ("done", "Built"),
]


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
    return {
        **job_progress(build, STAGES),
        "report_url": reverse("dashboards:report", args=[build.report_id])
        if build.status == ReportBuild.Status.DONE and build.report_id
        else "",
    }


def job_progress(job, stages: list[tuple[str, str]]) -> dict:
    """A job's stages (done, current, failed, still to do) and how far it has got, for a page.

    `job` has the status values of a BackgroundJob and done, `stage` and `error`; `stages` starts
    with "queued" and ends with "done".
    """
    index_of = {key: i for i, (key, _label) in enumerate(stages)}
    done = job.status == "done"
    failed = job.status == "failed"
    if done:
        reached = "done"
    elif job.status in ("queued", "retrying"):
        reached = "queued"  # a retry starts again from the beginning
    else:
        reached = job.stage or stages[1][0]
    current = index_of.get(reached, 0)
    shown = []
    for index, (key, label) in enumerate(stages):
        if done or index < current:
            state = "done"
        elif index == current:
            state = "failed" if failed else "current"
        else:
            state = "todo"
        shown.append({"key": key, "label": label, "state": state})
    finished = [s for s in shown if s["state"] == "done"]
    return {
        "status": job.status,
        "status_text": job.get_status_display(),
        "stages": shown,
        "percent": round(100 * len(finished) / len(stages)),
        "current": stages[current][1],
        "finished": done or failed,
        "failed": failed,
        "retrying": job.status == "retrying",
        "reason": failure_reason(job.error) if job.error else "",
    }
