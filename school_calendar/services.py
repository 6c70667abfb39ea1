"""Writes for the school calendar: term dates from a CSV file, the term page and the admin."""

from dataclasses import dataclass, field

from django.db import transaction

from common.csvfiles import read_table
from common.csvrows import CsvProblem, database_errors_refused, raise_if_problems
from people.models import School
from school_calendar.models import Term, term_date_problems
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
    unreadable = {problem.column for problem in row.problems}
    problems = term_date_problems(
        academic_year=academic_year,
        first_day=first_day,
        last_day=last_day,
        half_term_first_day=half_first,
        half_term_last_day=half_last,
    )
    for column, message in problems.items():
        if column not in unreadable:  # an unreadable date is reported once, as unreadable
            row.error(column, message)
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


@transaction.atomic
def term_save(*, values: dict, term: Term | None = None) -> Term:
    """Add or change one term; raises ValidationError (by field) and saves nothing on a problem."""
    # Serialise term writes so two saves cannot both pass the overlap check.
    list(Term.objects.order_by().select_for_update().values_list("pk", flat=True))
    term = term or Term()
    for name in TERM_FIELDS:
        setattr(term, name, values.get(name))
    term.full_clean()  # the model's rules (Term.clean), the same as the import's and the database's
    term.save()
    return term


def term_delete(*, term: Term) -> None:
    term.delete()
