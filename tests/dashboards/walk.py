"""Objects for the URL walk: a built report, its committee packs and a finished background
absence import."""

from datetime import timedelta

from django.utils import timezone

from absence.selectors import suppressed_figures
from dashboards.models import TermlyReport
from people.models import AbsenceImport


def report(cast) -> TermlyReport:
    figures = {
        "term": "2025-26-autumn",
        "version": 1,
        "built_at": timezone.now().isoformat(),
        "min_group_size": 5,
        "trust": {
            "absence": suppressed_figures(),
            "absence_previous_term": None,
            "absence_same_term_last_year": None,
            "surveys": None,
            "actions": None,
            "pledges": None,
            "people": None,
        },
        "schools": [
            {
                "urn": s.urn,
                "name": s.name,
                "absence": suppressed_figures(),
                "absence_by_role_group": {
                    "teaching": suppressed_figures(),
                    "support": suppressed_figures(),
                },
                "surveys": None,
                "actions": None,
                "pledges": None,
                "people": None,
            }
            for s in (cast.school_a, cast.school_b)
        ],
    }
    return TermlyReport.objects.create(
        term_key="2025-26-autumn",
        version=1,
        built_at=timezone.now(),
        figures=figures,
        details={},
        source={},
    )


def absence_import(cast) -> AbsenceImport:
    return AbsenceImport.objects.create(
        uploaded_by=cast.hr,
        file_name="absence.csv",
        data=b"",
        status=AbsenceImport.Status.DONE,
        summary="1 absence record(s) were added.",
    )


def build(cast):
    from dashboards.models import ReportBuild

    return ReportBuild.objects.create(term_key="2025-26-autumn", status=ReportBuild.Status.FAILED)


def pack(cast, reader: str):
    """A finished committee pack of the walk's report, made for the reader's scope (so readers
    with another scope are refused it)."""
    pdf = b"%PDF-1.7\n% the walk's stand-in for a committee pack\n%%EOF\n"
    return _pack(cast, reader, status="done", stage="done", pdf=pdf, pdf_size=len(pdf))


def failed_pack(cast, reader: str):
    """A committee pack of the walk's report that failed, for the reader's scope: its page says
    why and offers Retry."""
    return _pack(cast, reader, status="failed", stage="pages", error="MemoryError: out of memory")


def _pack(cast, reader: str, **fields):
    from dashboards.models import CommitteePack
    from dashboards.selectors import reader_scope

    made = TermlyReport.objects.filter(term_key="2025-26-autumn", version=1).first()
    finished = timezone.now()
    return CommitteePack.objects.get_or_create(
        report=made or report(cast),
        scope=reader_scope(cast.user(reader)),
        defaults={
            "attempts": 1,
            "finished_at": finished,
            "kept_until": finished + timedelta(days=7),
            **fields,
        },
    )[0]
