"""Built People committee reports: fixed records, never recomputed, one new version per rebuild."""

from datetime import timedelta

from django.conf import settings
from django.db import models

from wellbeing_portal.jobs import BackgroundJob


class TermlyReport(models.Model):
    """One built version of a term's report: its figures as exported (docs/figures.md), context."""

    term_key = models.CharField("term", max_length=20)
    version = models.PositiveIntegerField()
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(help_text="The report in its export format (docs/figures.md).")
    details = models.JSONField(
        default=dict,
        help_text="What screen and PDF add: comparisons, national figures, workload, summary.",
    )
    source = models.JSONField(default=dict, help_text="The data the report was built from.")

    class Meta:
        ordering = ["-built_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["term_key", "version"], name="report_version_unique"),
        ]

    def __str__(self):
        return f"People committee report {self.term_key} (version {self.version})"


class ReportBuild(BackgroundJob):
    """A request to build a term's report, and how it went (HR sees failures and their error)."""

    job_task = "dashboards.tasks.report_build_task"
    job_time_limit = timedelta(minutes=30)
    job_kind = "building the report"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Building"
        DONE = "done", "Built"
        RETRYING = "retrying", "Failed, will retry"
        FAILED = "failed", "Failed"

    term_key = models.CharField("term", max_length=20)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    trigger = models.CharField(max_length=20, default="hr")  # hr, schedule, command, demo
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True, help_text="dashboards/build_progress.py")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.OneToOneField(
        TermlyReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="build"
    )

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Build of {self.term_key} ({self.get_status_display()})"

    def record_stopped(self, now):
        self.error = self.stopped_reason
        self.finished_at = now
        return ["error", "finished_at"]


# How long a finished or failed committee pack is kept (a superseded one: see pack_jobs.py).
PACK_KEPT = timedelta(days=7)


class CommitteePack(BackgroundJob):
    """The committee pack PDF of one report version as one set of readers sees it, made on a
    worker (dashboards/pack_jobs.py). `scope` is the schools the readers may see
    (dashboards.selectors.reader_scope): only someone with the same scope may open or download
    it. The file is kept on the row until `kept_until`, then the row is deleted."""

    job_task = "dashboards.tasks.committee_pack_task"
    job_time_limit = timedelta(minutes=10)
    job_kind = "making the PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Making the PDF"
        DONE = "done", "Ready"
        RETRYING = "retrying", "Failed, will retry"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(TermlyReport, on_delete=models.CASCADE, related_name="packs")
    scope = models.TextField(help_text="'trust', or 'schools:' and the URNs the readers see.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True, help_text="dashboards/pack_jobs.py")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(default=b"", editable=False)
    pdf_size = models.PositiveIntegerField(default=0, help_text="Bytes of the finished PDF.")
    kept_until = models.DateTimeField(
        null=True, blank=True, help_text="After it the pack is deleted (dashboards/pack_jobs.py)."
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["report", "scope"], name="pack_report_scope_unique"),
        ]

    def __str__(self):
        return f"Committee pack of {self.report_id} for {self.scope} ({self.get_status_display()})"

    def record_stopped(self, now):
        self.error = self.stopped_reason
        self.finished_at = now
        self.kept_until = now + PACK_KEPT
        return ["error", "finished_at", "kept_until"]


class TileThreshold(models.Model):
    """HR's amber and red points for one status tile (dashboards/indicators.py holds defaults).

    For a figure where lower is better a value at or above `amber` is amber and at or above `red`
    is red; where higher is better, below `amber` is amber and below `red` is red.
    """

    indicator = models.CharField(max_length=40, unique=True)
    amber = models.DecimalField(max_digits=7, decimal_places=2)
    red = models.DecimalField(max_digits=7, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator"]

    def __str__(self):
        return f"Thresholds for {self.indicator}: amber {self.amber}, red {self.red}"
