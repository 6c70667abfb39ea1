"""Reads for charters: what a person may read, versions, pledge status, acknowledgement rates."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from charters.measures import NOT_MEASURED, measure_compute, measure_label
from charters.models import (
    Acknowledgement,
    Charter,
    CharterRead,
    CharterVersion,
    Pledge,
    PledgeEvidence,
    Section,
)
from charters.numbering import number_version
from common.markup import plain_text
from people.access import Perm, has_perm, role_grants, staff_record
from people.models import School, StaffMember

STATUS_LABELS = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    NOT_MEASURED: "Not measured yet",
}


def _with_content(queryset):
    pledges = Prefetch(
        "pledges", queryset=Pledge.objects.select_related("owner_person").order_by("position", "pk")
    )
    sections = Prefetch(
        "sections",
        queryset=Section.objects.order_by("position", "pk").prefetch_related(pledges),
    )
    return queryset.prefetch_related(sections)


TRUST_FIRST = (F("school__urn").asc(nulls_first=True), "kind", "title")


def published_charters():
    """Charters with a published version, the trust's first."""
    return (
        Charter.objects.filter(current_version__isnull=False)
        .select_related("school", "current_version")
        .order_by(*TRUST_FIRST)
    )


def own_school_ids(user) -> set[int]:
    """Schools the person works at or holds a role in."""
    return {school_id for _role, school_id in role_grants(user) if school_id is not None}


def charter_index(*, user) -> dict:
    """Published charters: the trust's, the person's own schools', and the other schools'."""
    mine = own_school_ids(user)
    trust, own, others = [], [], []
    for charter in published_charters():
        if charter.school_id is None:
            trust.append(charter)
        elif charter.school_id in mine:
            own.append(charter)
        else:
            others.append(charter)
    return {"trust": trust, "own": own, "others": others}


def charter_for(*, user, pk: int) -> Charter:
    """A charter the person may read: published ones for everyone, drafts too for HR."""
    charter = Charter.objects.select_related("school", "current_version").filter(pk=pk).first()
    if charter is None:
        raise Http404
    if charter.current_version_id is None and not has_perm(user, Perm.MANAGE_CHARTERS):
        raise Http404
    return charter


def version_loaded(*, charter: Charter, number: int) -> CharterVersion:
    queryset = _with_content(
        CharterVersion.objects.filter(
            charter=charter, number=number, status=CharterVersion.Status.PUBLISHED
        ).select_related("published_by")
    )
    version = queryset.first()
    if version is None:
        raise Http404
    number_version(version)
    return version


def draft_loaded(*, charter: Charter) -> CharterVersion | None:
    draft = _with_content(
        CharterVersion.objects.filter(charter=charter, status=CharterVersion.Status.DRAFT)
    ).first()
    if draft is not None:
        number_version(draft)
    return draft


def version_list(*, charter: Charter) -> list[CharterVersion]:
    return list(
        charter.versions.filter(status=CharterVersion.Status.PUBLISHED)
        .select_related("published_by")
        .order_by("-number")
    )


def applies_to_user(charter: Charter, user) -> bool:
    return charter.school_id is None or charter.school_id in own_school_ids(user)


def acknowledgement_of(*, version: CharterVersion, user):
    return Acknowledgement.objects.filter(version=version, user=user).first()


def last_read_number(*, charter: Charter, user) -> int | None:
    return (
        CharterRead.objects.filter(charter=charter, user=user)
        .values_list("number", flat=True)
        .first()
    )


@dataclass
class Notice:
    charter: Charter
    number: int
    last_read: int | None


def notices_for(*, user) -> list[Notice]:
    """New versions of the charters that apply to a member of staff that they have not read."""
    if staff_record(user) is None:
        return []
    mine = own_school_ids(user)
    charters = published_charters().filter(Q(school__isnull=True) | Q(school_id__in=mine))
    reads = dict(CharterRead.objects.filter(user=user).values_list("charter_id", "number"))
    notices = []
    for charter in charters:
        number = charter.current_version.number
        last = reads.get(charter.pk)
        if last is None or last < number:
            notices.append(Notice(charter=charter, number=number, last_read=last))
    return notices


# --- pledge status ---------------------------------------------------------------------------


@dataclass
class PledgeStatus:
    pledge: Pledge
    status: str
    evidence: str
    source: str  # "measure", "evidence" or ""
    evidence_on: date | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class CharterStatus:
    charter: Charter
    version: CharterVersion
    sections: list[tuple[Section, list[PledgeStatus]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for _section, rows in self.sections:
            for row in rows:
                counts[row.status] += 1
        return counts


def _latest_evidence(charter_ids) -> dict:
    latest = {}
    for item in PledgeEvidence.objects.filter(charter_id__in=charter_ids).order_by(
        "charter_id", "pledge_key", "-evidence_on", "-recorded_at", "-pk"
    ):
        latest.setdefault((item.charter_id, item.pledge_key), item)
    return latest


def _status_for(pledge, charter, school, today, evidence, measured) -> PledgeStatus:
    if pledge.measure_key:
        if pledge.measure_key not in measured:
            measured[pledge.measure_key] = measure_compute(
                pledge.measure_key, school=school, today=today
            )
        result = measured[pledge.measure_key]
        label = measure_label(pledge.measure_key)
        if result is None:
            return PledgeStatus(pledge, NOT_MEASURED, f"{label}: not measured yet", "")
        text = f"{label}: {result.value}" + (f" ({result.detail})" if result.detail else "")
        return PledgeStatus(pledge, result.status or NOT_MEASURED, text, "measure")
    item = evidence.get((charter.pk, pledge.key))
    if item is None:
        return PledgeStatus(pledge, NOT_MEASURED, "No evidence recorded yet", "")
    return PledgeStatus(pledge, item.status, item.note, "evidence", item.evidence_on)


def pledge_status_rows(*, school: School | None = None, today: date | None = None):
    """Each current charter that applies (the trust's, plus the school's own) with pledge status.

    For a school, measures are computed for that school; for the trust (school None), trust-wide.
    """
    today = today or timezone.localdate()
    charters = published_charters().filter(
        Q(school__isnull=True) | Q(school=school) if school else Q(school__isnull=True)
    )
    charters = list(charters)
    versions = {
        v.pk: v
        for v in _with_content(
            CharterVersion.objects.filter(pk__in=[c.current_version_id for c in charters])
        )
    }
    evidence = _latest_evidence([c.pk for c in charters])
    measured: dict = {}
    result = []
    for charter in charters:
        version = versions[charter.current_version_id]
        number_version(version)
        status = CharterStatus(charter=charter, version=version)
        for section in version.sections.all():
            rows = [
                _status_for(p, charter, school, today, evidence, measured)
                for p in section.pledges.all()
            ]
            status.sections.append((section, rows))
        result.append(status)
    return result


def pledge_statuses(*, school=None) -> list[dict]:
    """The cross-app contract: one dict per pledge of the current versions that apply.

    "pledge" is what readers of the report see: the pledge's number, then its commitment as
    plain text (emphasis markers removed).
    """
    return [
        {
            "charter": item.charter.title,
            "pledge": f"{row.pledge.number} {plain_text(row.pledge.commitment)}",
            "status": row.status,
            "evidence": row.evidence,
        }
        for item in pledge_status_rows(school=school)
        for _section, rows in item.sections
        for row in rows
    ]


def evidence_history(*, charter: Charter, pledge_key) -> list[PledgeEvidence]:
    return list(
        PledgeEvidence.objects.filter(charter=charter, pledge_key=pledge_key).select_related(
            "recorded_by"
        )
    )


def pledge_in_current(*, charter: Charter, pledge_key) -> Pledge:
    pledge = (
        Pledge.objects.filter(section__version_id=charter.current_version_id, key=pledge_key)
        .select_related("section")
        .first()
    )
    if pledge is None:
        raise Http404
    section_ids = list(
        Section.objects.filter(version_id=pledge.section.version_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    pledge_ids = list(
        pledge.section.pledges.order_by("position", "pk").values_list("pk", flat=True)
    )
    pledge.number = f"{section_ids.index(pledge.section_id) + 1}.{pledge_ids.index(pledge.pk) + 1}"
    return pledge


# --- acknowledgement rates ---------------------------------------------------------------------


@dataclass
class RateRow:
    name: str
    staff: int
    acknowledged: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.acknowledged / self.staff, 1) if self.staff else None


def acknowledgement_rates(*, today: date | None = None) -> list[dict]:
    """For each current charter, staff who acknowledged it per school (counts only)."""
    today = today or timezone.localdate()
    charters = list(published_charters())
    schools = list(School.objects.order_by("urn"))
    headcount = dict(
        StaffMember.objects.employed_on(today)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    acks = defaultdict(int)
    for version_id, school_id, n in (
        Acknowledgement.objects.filter(version_id__in=[c.current_version_id for c in charters])
        .values("version_id", "school_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "school_id", "n")
    ):
        acks[(version_id, school_id)] = n
    result = []
    for charter in charters:
        version_id = charter.current_version_id
        scope = [s for s in schools if charter.school_id in (None, s.pk)]
        rows = [RateRow(s.name, headcount.get(s.pk, 0), acks[(version_id, s.pk)]) for s in scope]
        if charter.school_id is None:
            rows.append(RateRow("Central team", headcount.get(None, 0), acks[(version_id, None)]))
        total = RateRow("All", sum(r.staff for r in rows), sum(r.acknowledged for r in rows))
        result.append({"charter": charter, "rows": rows, "total": total})
    return result
