"""Importing anonymous responses exported from a trust's earlier survey provider."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from common.csvfiles import read_table
from common.csvrows import CsvImportError, CsvProblem, database_errors_refused, raise_if_problems
from people.models import RoleGroup, School, Trust
from surveys.models import Instrument, Question, Response, Round
from surveys.services import round_results_build

CONTEXT_COLUMNS = {"school_urn", "role_group", "department"}
ROLE_GROUPS = [RoleGroup.TEACHING.value, RoleGroup.SUPPORT.value]


def _items_by_key() -> dict:
    """{item key: (instrument, item)} over every loaded instrument."""
    found = {}
    for instrument in Instrument.objects.all():
        for item in instrument.definition["items"]:
            found.setdefault(item["key"].lower(), (instrument, item))
    return found


def responses_import(
    *,
    data,
    slug: str,
    title: str = "",
    closed: date | None = None,
    min_group_size: int | None = None,
    dry_run: bool = False,
) -> str:
    """Load anonymous responses into a closed round (created if missing); all or nothing.

    data is a CSV or XLSX file: bytes, text or a binary file object.
    """
    table = read_table(data, required=["school_urn", "role_group"])
    header, rows = table.header, table.rows
    note = f" {table.read_note()}" if table.read_note() else ""
    del table
    items = _items_by_key()
    item_columns = [name for name in header if name not in CONTEXT_COLUMNS and name]
    unknown = [name for name in item_columns if name not in items]
    if unknown:
        raise CsvImportError(
            [CsvProblem(1, name, "is not an item of any loaded instrument") for name in unknown]
        )
    if not item_columns:
        raise CsvImportError([CsvProblem(1, None, "the file has no item columns")])
    if min_group_size is not None and min_group_size < 3:
        raise CsvImportError([CsvProblem(1, None, "--min-group-size must be at least 3")])
    existing = Round.objects.filter(slug=slug).first()
    if existing is not None:
        if not existing.imported and not existing.is_closed:
            raise CsvImportError([CsvProblem(1, None, f"round {slug!r} exists and is not closed")])
        if existing.responses.exists():
            raise CsvImportError(
                [CsvProblem(1, None, f"round {slug!r} already has responses; nothing imported")]
            )
    schools = {s.urn: s for s in School.objects.all()}
    scale_of = {}
    for name in item_columns:
        instrument, item = items[name]
        scale_of[name] = instrument.definition["scales"][item["scale"]]
    allowed = {name: set(_values(scale)) for name, scale in scale_of.items()}
    parsed = []
    for row in rows:
        urn = row.get("school_urn")
        if urn and urn not in schools:
            row.error("school_urn", f"no school has URN {urn!r}")
        role_group = row.choice("role_group", ROLE_GROUPS)
        answers = {}
        for name in item_columns:
            raw = row.get(name)
            if raw == "":
                continue
            try:
                number = float(raw)
                value = int(number) if number.is_integer() else None
            except (ValueError, OverflowError):
                value = None
            if value is None or value not in allowed[name]:
                low, high = min(allowed[name]), max(allowed[name])
                row.error(name, f"{raw!r} is not on the item's scale ({low} to {high})")
                continue
            answers[items[name][1]["key"]] = value
        parsed.append((schools.get(urn), role_group, row.get("department")[:100], answers))
    raise_if_problems(rows)
    if not parsed:
        raise CsvImportError([CsvProblem(1, None, "the file has no responses")])
    if dry_run:
        return (
            f"{len(parsed)} responses to import into round {slug!r} "
            f"({len(item_columns)} items).{note}"
        )
    with database_errors_refused(), transaction.atomic():
        survey_round = _round_for(
            existing, slug, title, closed, min_group_size, item_columns, items
        )
        random.SystemRandom().shuffle(parsed)
        day = survey_round.closed_on
        Response.objects.bulk_create(
            [
                Response(
                    round=survey_round,
                    school=school,
                    role_group=role_group,
                    department=department,
                    submitted_on=day,
                    answers=answers,
                )
                for school, role_group, department, answers in parsed
            ],
            batch_size=2000,
        )
        round_results_build(survey_round=survey_round)
    return (
        f"Imported {len(parsed)} responses into round {slug!r} ({len(item_columns)} items).{note}"
    )


def _values(scale: dict) -> list[int]:
    if scale.get("type") == "range":
        return list(range(int(scale["min"]), int(scale["max"]) + 1))
    return [int(o["value"]) for o in scale["options"]]


def _round_for(existing, slug, title, closed, min_group_size, item_columns, items) -> Round:
    tz = timezone.get_current_timezone()
    closes_at = None
    if closed is not None:
        closes_at = datetime.combine(closed, time(12, 0), tzinfo=tz)
    if existing is None:
        closes_at = closes_at or timezone.now() - timedelta(minutes=1)
        survey_round = Round.objects.create(
            slug=slug,
            title=title or slug,
            whole_trust=True,
            opens_at=closes_at - timedelta(days=14),
            closes_at=closes_at,
            min_group_size=max(3, min_group_size or Trust.current().min_group_size),
            comment_min_group_size=Trust.current().comment_min_group_size,
            published=True,
            imported=True,
        )
    else:
        survey_round = existing
        survey_round.imported = True
        survey_round.published = True
        if title:
            survey_round.title = title
        if closes_at:
            survey_round.closes_at, survey_round.opens_at = (
                closes_at,
                closes_at - timedelta(days=14),
            )
        if min_group_size:
            survey_round.min_group_size = min_group_size
        survey_round.save()
        survey_round.questions.all().delete()
    instruments, questions = {}, []
    for position, name in enumerate(item_columns, start=1):
        instrument, item = items[name]
        definition = instrument.definition
        instruments[instrument.key] = {
            key: definition.get(key, "")
            for key in ("name", "licence", "attribution", "instructions")
        } | {"scores": definition.get("scores", [])}
        questions.append(
            Question(
                round=survey_round,
                key=item["key"],
                text=item["text"],
                kind=Question.Kind.ITEM,
                instrument_key=instrument.key,
                scale=definition["scales"][item["scale"]],
                reverse=bool(item.get("reverse")),
                section=instrument.name,
                position=position,
            )
        )
    Question.objects.bulk_create(questions)
    survey_round.instruments = instruments
    survey_round.save(update_fields=["instruments"])
    return survey_round
