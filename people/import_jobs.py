"""Background imports: a large absence or staff file stored and run by a Celery worker.

One job model (AbsenceImport, with `kind` absence or staff) on the shared job base
(wellbeing_portal/jobs.py: deadlines, generations, retry, sweep). What differs by kind is only
the import function, how to tell that the stored data changed after the upload (the file is then
refused as possibly out of date) and the threshold in rows above which the page sends a file here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from common.csvrows import CsvImportError
from people import services
from people.models import AbsenceImport
from wellbeing_portal.jobs import job_dispatch_on_commit, job_retry, job_start, job_still_mine

Progress = Callable[[str, int, int], None]
CHECK_KEPT = timedelta(hours=24)  # how long a checked file waits for "Apply these changes"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportKind:
    # run(data=bytes, dry_run=bool, progress=Progress) -> a result with .summary(); raises
    # CsvImportError with the file's problems.
    run: Callable
    # changed_since(moment) -> whether the stored data changed after that moment.
    changed_since: Callable[[datetime], bool]
    newer_data: str  # the refusal shown when it did
    threshold: Callable[[], int]  # rows from which the web page sends a file to the worker
    # URL names of its pages (upload, status, retry, apply, progress), its title and back link
    pages: dict[str, str]


# The import of each kind, registered by the app that owns the data (AppConfig.ready()).
IMPORT_KINDS: dict[str, ImportKind] = {}


def register_import_kind(kind: str, import_kind: ImportKind) -> None:
    IMPORT_KINDS[kind] = import_kind


def import_kind(kind: str) -> ImportKind:
    return IMPORT_KINDS[kind]


def staff_import_kind() -> ImportKind:
    return ImportKind(
        run=services.staff_import,
        changed_since=services.staff_changed_since,
        newer_data=services.STAFF_NEWER_DATA,
        threshold=services.staff_background_threshold,
        pages={
            "upload": "people:staff_import",
            "status": "people:staff_import_status",
            "retry": "people:staff_import_retry",
            "apply": "people:staff_import_apply",
            "progress": "people:staff_import_progress",
            "title": "Staff import",
            "back": "Back to staff imports",
        },
    )


def count_rows(data: bytes) -> int:
    """A cheap upper bound of the data rows, to choose inline or worker.

    For CSV the lines after the header; for an XLSX workbook the first sheet's recorded size
    (its rows are not read: an unreadable workbook counts 0 and is refused inline, with its reason).
    """
    if data[:4] == _ZIP_MAGIC:
        return _xlsx_rows(data)
    return max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))


def _xlsx_rows(data: bytes) -> int:
    import io

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return 0
    try:
        if not workbook.worksheets:
            return 0
        sheet = workbook.worksheets[0]
        rows = sheet.max_row  # from the sheet's <dimension>; None when the workbook omits it
        if rows is None:
            rows = sum(1 for _ in sheet.iter_rows(values_only=True))
        return max(0, rows - 1)
    except Exception:
        return 0
    finally:
        workbook.close()


def goes_to_background(kind: str, data: bytes) -> bool:
    return count_rows(data) >= import_kind(kind).threshold()


def import_queue(
    *, kind: str, data: bytes, file_name: str, user, dry_run: bool = False
) -> AbsenceImport:
    """Store a large file and queue its import on a Celery worker once this transaction commits."""
    job = AbsenceImport.objects.create(
        kind=kind,
        uploaded_by=user if getattr(user, "pk", None) else None,
        file_name=file_name[:200],
        data=data,
        dry_run=dry_run,
        rows_total=count_rows(data),
    )
    job_dispatch_on_commit(job)
    return job


def import_retry(*, job: AbsenceImport) -> AbsenceImport:
    """Queue a failed background import again (the Retry button on its page)."""
    if not job.data:
        return job  # finished with problems in the file: only a new upload can help
    return job_retry(job)


def _progress_key(import_id: int) -> str:
    return f"absence-import-progress-{import_id}"  # the name predates staff imports


def import_run(*, import_id: int, generation: int | None = None) -> AbsenceImport | None:
    """Run a queued import: validate, apply whole or not at all, and record the outcome.

    Returns None, doing nothing, when this run is not wanted: the import is finished, failed or
    running elsewhere, or was queued again since (`generation`; None for a direct call). The
    data and the job's outcome are saved in one transaction with the job row locked, so an
    import is applied at most once, and never over data of its kind saved after its upload.
    """
    started = job_start(AbsenceImport, job_id=import_id, generation=generation)
    if started is None:
        return None
    progress_cache = caches["progress"]

    def progress(stage: str, done: int, total: int) -> None:
        # The cache, not the row: the rows are written inside one transaction nobody else can see.
        try:
            progress_cache.set(
                _progress_key(started.pk), {"stage": stage, "done": done, "total": total}, 3600
            )
        except Exception:
            pass  # progress is a courtesy: never let it stop the import

    try:
        job = _import_apply_once(started, progress)
    except Exception as error:
        AbsenceImport.objects.filter(
            pk=started.pk, status=AbsenceImport.Status.RUNNING, generation=started.generation
        ).update(
            status=AbsenceImport.Status.FAILED,
            summary=f"Nothing was imported: the import stopped with an error ({error}).",
            finished_at=timezone.now(),
        )
        raise
    if job is None:
        return None
    try:
        progress_cache.delete(_progress_key(job.pk))
    except Exception:
        pass
    return job


@transaction.atomic
def _import_apply_once(started: AbsenceImport, progress: Progress) -> AbsenceImport | None:
    """Apply the file, and save the job's outcome, in one transaction with the job row locked."""
    job = job_still_mine(AbsenceImport, job=started)
    if job is None:
        return None
    kind = import_kind(job.kind)
    if not job.dry_run and kind.changed_since(job.uploaded_at):
        job.status, job.summary = AbsenceImport.Status.FAILED, kind.newer_data
    else:
        _import_apply(job, kind, progress)
    job.finished_at = timezone.now()
    if job.dry_run and job.status == AbsenceImport.Status.DONE:
        job.kept_until = job.finished_at + CHECK_KEPT  # for "Apply these changes"
    else:
        job.data = b""
    job.save(
        update_fields=[
            "status",
            "problems",
            "summary",
            "rows_done",
            "data",
            "finished_at",
            "changes",
            "kept_until",
        ]
    )
    return job


def _import_apply(job: AbsenceImport, kind: ImportKind, progress: Progress) -> None:
    try:
        result = kind.run(data=bytes(job.data), dry_run=job.dry_run, progress=progress)
    except CsvImportError as error:
        job.status = AbsenceImport.Status.FAILED
        job.problems = [
            {"line": p.line, "column": p.column, "message": p.message}
            for p in error.problems[:1000]
        ]
        job.summary = f"Nothing was imported: {len(error.problems)} problem(s) found."
    else:
        job.status = AbsenceImport.Status.DONE
        job.summary = ("Check only: " if job.dry_run else "") + result.summary()
        job.changes = result.changes()
        job.rows_done = job.rows_total


def check_keep(*, kind: str, data: bytes, file_name: str, user, result) -> AbsenceImport:
    """Keep a file checked on the page (a dry run without problems), with what it would change."""
    now = timezone.now()
    return AbsenceImport.objects.create(
        kind=kind,
        uploaded_by=user if getattr(user, "pk", None) else None,
        file_name=file_name[:200],
        data=data,
        dry_run=True,
        status=AbsenceImport.Status.DONE,
        rows_total=count_rows(data),
        rows_done=count_rows(data),
        summary="Check only: " + result.summary(),
        changes=result.changes(),
        finished_at=now,
        kept_until=now + CHECK_KEPT,
    )


class CheckNotApplicable(Exception):
    pass


def check_apply(*, job: AbsenceImport) -> AbsenceImport:
    """Apply the file kept by a check: the same row becomes a queued import of those bytes.

    Its upload time stays the time of the check, so the import refuses (writing nothing) when the
    data changed after the check. Large files go to the worker, others run here and now.
    """
    with transaction.atomic():
        locked = AbsenceImport.objects.select_for_update().get(pk=job.pk)
        if not check_is_applicable(locked) or not locked.data:
            raise CheckNotApplicable(
                "This check can no longer be applied: its file was deleted after "
                f"{int(CHECK_KEPT.total_seconds() // 3600)} hours, or it was applied already. "
                "Upload the file again."
            )
        locked.dry_run = False
        locked.status = AbsenceImport.Status.QUEUED
        locked.kept_until = None
        locked.save(update_fields=["dry_run", "status", "kept_until"])
        if goes_to_background(locked.kind, bytes(locked.data)):
            job_dispatch_on_commit(locked)
            return locked
    return import_run(import_id=locked.pk) or locked


def check_is_applicable(job: AbsenceImport) -> bool:
    return (
        job.dry_run
        and job.status == AbsenceImport.Status.DONE
        and job.kept_until is not None
        and job.kept_until > timezone.now()
    )


def checks_expire(*, now: datetime | None = None, jobs=None) -> int:
    """Delete the kept files of checks past their time (the sweep, and on opening a check)."""
    now = now or timezone.now()
    return (
        (jobs if jobs is not None else AbsenceImport.objects)
        .filter(kept_until__lte=now)
        .update(data=b"", kept_until=None)
    )


def import_progress(job: AbsenceImport) -> dict:
    """Where a background import has got to: its stage and rows done of the total."""
    live = None
    if job.status == AbsenceImport.Status.RUNNING:
        try:
            live = caches["progress"].get(_progress_key(job.pk))
        except Exception:
            live = None  # Redis unreachable: show the stored status without the live figure
    if live:
        total = live["total"] or 1
        percent = int(100 * live["done"] / total)
        # Checking is the first half of the work, saving the second.
        percent = percent // 2 if live["stage"] == "checking" else 50 + percent // 2
        return {"status": job.status, "stage": live["stage"], "percent": percent}
    percent = 100 if job.status in (AbsenceImport.Status.DONE, AbsenceImport.Status.FAILED) else 0
    checked = job.dry_run and job.status == AbsenceImport.Status.DONE
    stage = "Checked, nothing changed" if checked else job.get_status_display()
    return {"status": job.status, "stage": stage, "percent": percent}
