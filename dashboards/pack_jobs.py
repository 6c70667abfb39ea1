"""The committee pack made in the background: one CommitteePack job per report version and
reader scope (dashboards.selectors.reader_scope), its stages, and how long its PDF is kept.

Asking for a report's PDF finds the pack for that version and the reader's scope or queues one;
a finished pack is reused until it is deleted. The PDF bytes live on the job row. A pack is
deleted PACK_KEPT after it finished (or failed), and a pack of a report version that has been
superseded by a newer build SUPERSEDED_KEPT after it finished: the next request makes it again.
"""

import traceback
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dashboards import pack
from dashboards.build_progress import job_progress
from dashboards.models import PACK_KEPT, CommitteePack, TermlyReport
from dashboards.selectors import report_for_reader, scope_urns
from people.models import Trust
from wellbeing_portal.jobs import job_dispatch_on_commit, job_retry, job_start, job_still_mine

SUPERSEDED_KEPT = timedelta(hours=1)

STAGES = [
    ("queued", "Waiting for the background worker"),
    ("figures", "Gathering the figures: summary, charts, each school's page, the appendix"),
    ("pages", "Laying out the pages of the PDF"),
    ("done", "Ready to download"),
]

# What a page about a pack reads: everything but the PDF itself.
PAGE_FIELDS_DEFERRED = ("pdf",)


def pack_request(*, report: TermlyReport, scope: str, user=None) -> CommitteePack:
    """The pack of this report version for this scope: the existing one, or a new one queued on
    a worker once this transaction commits. Returned without its PDF loaded."""
    packs_clear()
    with transaction.atomic():
        found, created = CommitteePack.objects.get_or_create(
            report=report,
            scope=scope,
            defaults={"requested_by": user if getattr(user, "pk", None) else None},
        )
        if created:
            job_dispatch_on_commit(found)
    # In the embedded default the pack has been made by now: read how it went.
    return CommitteePack.objects.defer(*PAGE_FIELDS_DEFERRED).get(pk=found.pk)


def pack_build(
    *, pack_id: int, generation: int | None = None, final_attempt: bool = True
) -> CommitteePack | None:
    """Make the PDF a CommitteePack asks for; a failure is recorded with its error, re-raised.

    Returns None, doing nothing, when this run is not wanted (finished, failed, running
    elsewhere, or queued again since: `generation` as in dashboards.services.report_build).
    """
    started = job_start(CommitteePack, job_id=pack_id, generation=generation)
    if started is None:
        return None
    try:
        _stage_set(started.pk, "figures")
        report = started.report
        figures = report_for_reader(report.figures, scope_urns(started.scope))
        html = pack.pack_html(report, figures, trust_name=Trust.current().name)
        _stage_set(started.pk, "pages")
        pdf = pack.pack_pdf(html)
        with transaction.atomic():
            made = job_still_mine(CommitteePack, job=started)
            if made is None:
                return None  # failed by the sweep or retried meanwhile: its result is not wanted
            now = timezone.now()
            made.status, made.stage, made.error = CommitteePack.Status.DONE, "done", ""
            made.pdf, made.pdf_size = pdf, len(pdf)
            made.finished_at, made.kept_until = now, now + PACK_KEPT
            made.save(
                update_fields=[
                    "status",
                    "stage",
                    "error",
                    "pdf",
                    "pdf_size",
                    "finished_at",
                    "kept_until",
                ]
            )
    except Exception as error:
        now = timezone.now()
        CommitteePack.objects.filter(
            pk=started.pk, status=CommitteePack.Status.RUNNING, generation=started.generation
        ).update(
            status=CommitteePack.Status.FAILED if final_attempt else CommitteePack.Status.RETRYING,
            error=f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=6)}",
            finished_at=now if final_attempt else None,
            kept_until=now + PACK_KEPT if final_attempt else None,
        )
        raise
    return made


def pack_retry(*, pack: CommitteePack) -> CommitteePack:
    """Queue a failed pack again (the Retry button on its page)."""
    return job_retry(pack)


def packs_clear(*, now: datetime | None = None) -> int:
    """Delete the packs kept long enough (PACK_KEPT) and those of superseded report versions
    finished over SUPERSEDED_KEPT ago; returns how many. Running and queued packs stay."""
    now = now or timezone.now()
    newer = TermlyReport.objects.filter(
        term_key=OuterRef("report__term_key"), version__gt=OuterRef("report__version")
    )
    deleted, _by_model = (
        CommitteePack.objects.filter(
            Q(kept_until__lte=now) | Q(Exists(newer), finished_at__lte=now - SUPERSEDED_KEPT)
        )
        .filter(status__in=[CommitteePack.Status.DONE, CommitteePack.Status.FAILED])
        .delete()
    )
    return deleted


def pack_progress(pack: CommitteePack) -> dict:
    return job_progress(pack, STAGES)


def _stage_set(pack_id: int, stage: str) -> None:
    """Record the stage a running pack has reached (seen at once by its page)."""
    CommitteePack.objects.filter(pk=pack_id).update(stage=stage)
