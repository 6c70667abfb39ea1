"""Writes for the school calendar: term dates from a CSV file, the term page and the admin."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from common.csvfiles import CsvProblem, database_errors_refused, raise_if_problems, read_table
from people.models import School
from school_calendar.models import Term
from school_calendar.terms import TERMS, _check_academic_year

TERM_REQUIRED = ["academic_year", "term", "first_day", "last_day"]
TERM_COLUMNS = [*TERM_REQUIRED, "half_term_first_day", "half_term_last_day", "school_urn"]


@dataclass
class TermImportResult:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    keys: list[str] = field(default_factory=list)
    read_note: str = ""

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        counts = f"{self.created} term(s) {verb} added, {self.updated} updated"
        return f"{counts}, {self.unchanged} unchanged. {self.read_note}".strip()


def _parse_term_row(row, schools: dict[str, School]) -> dict | None:
    academic_year = row.required("academic_year")
    if academic_year:
        try:
            _check_academic_year(academic_year)
        except ValueError:
            row.error("academic_year", f"{academic_year!r} is not an academic year like 2025-26")
    term = row.choice("term", TERMS)
    first_day, last_day = row.date("first_day"), row.date("last_day")
    half_first = row.date("half_term_first_day", required=False)
    half_last = row.date("half_term_last_day", required=False)
    urn = row.get("school_urn")
    if urn and urn not in schools:
        row.error("school_urn", f"no school has URN {urn!r}")
    if first_day and last_day:
        if last_day < first_day:
            row.error("last_day", "is before first_day")
        elif academic_year and not row.problems:
            start = int(academic_year[:4])
            if not (first_day.year in (start, start + 1) and last_day.year in (start, start + 1)):
                row.error("first_day", f"the term is not inside the academic year {academic_year}")
    if (half_first is None) != (half_last is None) and not row.problems:
        column = "half_term_last_day" if half_last is None else "half_term_first_day"
        row.error(column, "give both half-term days or neither")
    if half_first and half_last and first_day and last_day:
        if half_last < half_first:
            row.error("half_term_last_day", "is before half_term_first_day")
        elif not (first_day < half_first and half_last < last_day):
            row.error(
                "half_term_first_day",
                "the half-term must lie inside the term, between its first and last day",
            )
    if row.problems:
        return None
    return {
        "line": row.line,
        "academic_year": academic_year,
        "term": term,
        "school": schools.get(urn) if urn else None,
        "first_day": first_day,
        "last_day": last_day,
        "half_term_first_day": half_first,
        "half_term_last_day": half_last,
    }


def _overlaps(parsed: list[dict]) -> list[CsvProblem]:
    """The same term twice, or two terms of one calendar that overlap, are errors."""
    problems: list[CsvProblem] = []
    seen: dict[tuple, int] = {}
    for item in parsed:
        ident = (item["academic_year"], item["term"], item["school"].urn if item["school"] else "")
        if ident in seen:
            problems.append(
                CsvProblem(item["line"], "term", f"the same term is already on line {seen[ident]}")
            )
        seen[ident] = item["line"]
    by_calendar: dict[str, list[dict]] = {}
    for item in parsed:
        by_calendar.setdefault(item["school"].urn if item["school"] else "", []).append(item)
    for items in by_calendar.values():
        items.sort(key=lambda i: i["first_day"])
        for before, after in zip(items, items[1:], strict=False):
            if after["first_day"] <= before["last_day"]:
                problems.append(
                    CsvProblem(
                        after["line"], "first_day", f"overlaps the term on line {before['line']}"
                    )
                )
    return problems


def term_import(*, data, dry_run: bool = False) -> TermImportResult:
    """Validate and apply a terms file (CSV or XLSX: bytes, text or a binary file object).

    Raises CsvImportError, and writes nothing, on any problem.
    """
    table = read_table(data, required=TERM_REQUIRED, columns=TERM_COLUMNS)
    rows = table.rows
    schools = {s.urn: s for s in School.objects.all()}
    parsed = [p for p in (_parse_term_row(row, schools) for row in rows) if p]
    raise_if_problems(rows, _overlaps(parsed) if len(parsed) == len(rows) else [])

    result = TermImportResult(dry_run=dry_run, read_note=table.read_note())
    fields = ("first_day", "last_day", "half_term_first_day", "half_term_last_day")
    with database_errors_refused(), transaction.atomic():
        existing = {
            (t.academic_year, t.term, t.school_id): t
            for t in Term.objects.order_by().select_for_update()
        }
        for item in parsed:
            school_id = item["school"].pk if item["school"] else None
            term = existing.get((item["academic_year"], item["term"], school_id))
            if term is None:
                Term.objects.create(
                    academic_year=item["academic_year"],
                    term=item["term"],
                    school_id=school_id,
                    **{f: item[f] for f in fields},
                )
                result.created += 1
            elif any(getattr(term, f) != item[f] for f in fields):
                for f in fields:
                    setattr(term, f, item[f])
                term.save(update_fields=list(fields))
                result.updated += 1
            else:
                result.unchanged += 1
            result.keys.append(f"{item['academic_year']}-{item['term']}")
        if dry_run:
            transaction.set_rollback(True)
    return result


# --- one term at a time (HR page) ------------------------------------------------------------

TERM_FIELDS = (
    "academic_year",
    "term",
    "school",
    "first_day",
    "last_day",
    "half_term_first_day",
    "half_term_last_day",
)


def term_problems(*, values: dict, exclude_pk: int | None = None) -> dict[str, str]:
    """What is wrong with one term's dates, by field (empty when they are fine).

    The same rules as the CSV import: inside its academic year, the last day after the first, a
    half-term (both days or neither) inside the term, once per calendar, and no overlap with
    another term of the same calendar (the trust's, or one school's own).
    """
    problems: dict[str, str] = {}
    year, name, school = values.get("academic_year"), values.get("term"), values.get("school")
    first, last = values.get("first_day"), values.get("last_day")
    half_first, half_last = values.get("half_term_first_day"), values.get("half_term_last_day")
    if first and last:
        if last <= first:
            problems["last_day"] = "The last day must be after the first day."
        elif year:
            start = int(year[:4])
            if not {first.year, last.year} <= {start, start + 1}:
                problems["first_day"] = f"The term is not inside the academic year {year}."
    if (half_first is None) != (half_last is None):
        field = "half_term_last_day" if half_last is None else "half_term_first_day"
        problems[field] = "Give both half-term days, or neither."
    elif half_first and half_last and first and last:
        if half_last < half_first:
            problems["half_term_last_day"] = "The half-term ends before it starts."
        elif not (first < half_first and half_last < last):
            problems["half_term_first_day"] = (
                "The half-term must lie inside the term, between its first and last day."
            )
    if problems or not (year and name and first and last):
        return problems
    same_calendar = (
        Term.objects.filter(school=school) if school else Term.objects.filter(school__isnull=True)
    )
    if exclude_pk:
        same_calendar = same_calendar.exclude(pk=exclude_pk)
    if same_calendar.filter(academic_year=year, term=name).exists():
        where = school.name if school else "the trust"
        problems["term"] = f"{where} already has dates for this term; change that row instead."
    else:
        clash = same_calendar.filter(first_day__lte=last, last_day__gte=first).first()
        if clash is not None:
            problems["first_day"] = (
                f"These dates overlap {clash} ({clash.first_day:%-d %b %Y} to "
                f"{clash.last_day:%-d %b %Y})."
            )
    return problems


@transaction.atomic
def term_save(*, values: dict, term: Term | None = None) -> Term:
    """Add or change one term; raises ValidationError (by field) and saves nothing on a problem."""
    # Serialise term writes so two saves cannot both pass the overlap check.
    list(Term.objects.order_by().select_for_update().values_list("pk", flat=True))
    problems = term_problems(values=values, exclude_pk=term.pk if term else None)
    if problems:
        raise ValidationError(problems)
    term = term or Term()
    for name in TERM_FIELDS:
        setattr(term, name, values.get(name))
    term.save()
    return term


def term_delete(*, term: Term) -> None:
    term.delete()
