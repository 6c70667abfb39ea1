"""Instrument definition files (`wellbeing-portal-instrument/1`): checking, loading, scoring."""

import json
from pathlib import Path

from django.db import transaction

FORMAT = "wellbeing-portal-instrument/1"
BUILTIN_FOLDER = Path(__file__).resolve().parent / "instruments"
METHODS = ("item", "mean", "sum_lookup")


class InstrumentError(ValueError):
    """A definition file that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _scale_values(scale: dict) -> list[int]:
    if scale.get("type") == "range":
        return list(range(int(scale["min"]), int(scale["max"]) + 1))
    return [int(option["value"]) for option in scale.get("options", [])]


def scale_bounds(scale: dict) -> tuple[int, int]:
    values = _scale_values(scale)
    return min(values), max(values)


def instrument_parse(text: str | bytes) -> dict:
    """Parse and check a definition file; raises InstrumentError naming every problem."""
    try:
        definition = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InstrumentError([f"The file is not valid JSON: {error}"]) from None
    if not isinstance(definition, dict):
        raise InstrumentError(["The file must hold one JSON object."])
    problems: list[str] = []
    if definition.get("format") != FORMAT:
        problems.append(f'"format" must be "{FORMAT}".')
    for name in ("key", "name"):
        if not isinstance(definition.get(name), str) or not definition.get(name, "").strip():
            problems.append(f'"{name}" is required.')
    key = str(definition.get("key", ""))
    if key and not all(c.isalnum() or c in "-_" for c in key):
        problems.append('"key" may hold only letters, digits, "-" and "_".')
    scales = definition.get("scales")
    if not isinstance(scales, dict) or not scales:
        problems.append('"scales" must be an object with at least one scale.')
        scales = {}
    for scale_key, scale in scales.items():
        problems.extend(_scale_problems(scale_key, scale))
    items = definition.get("items")
    if not isinstance(items, list) or not items:
        problems.append('"items" must be a list with at least one item.')
        items = []
    item_keys = {}
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"Item {index} must be an object.")
            continue
        item_key = item.get("key")
        if (
            not isinstance(item_key, str)
            or not item_key
            or not all(c.isalnum() or c in "-_" for c in item_key)
        ):
            problems.append(f'Item {index}: "key" is required (letters, digits, "-", "_").')
        elif item_key in item_keys:
            problems.append(f'Item {index}: key "{item_key}" is used twice.')
        if not str(item.get("text", "")).strip():
            problems.append(f'Item {index}: "text" is required.')
        if item.get("scale") not in scales:
            problems.append(
                f'Item {index}: scale "{item.get("scale")}" is not defined in "scales".'
            )
        if isinstance(item_key, str):
            item_keys[item_key] = item
    scores = definition.get("scores", [])
    if not isinstance(scores, list):
        problems.append('"scores" must be a list.')
        scores = []
    for index, score in enumerate(scores, start=1):
        problems.extend(_score_problems(index, score, item_keys, scales))
    if problems:
        raise InstrumentError(problems)
    return definition


def _scale_problems(scale_key: str, scale) -> list[str]:
    if not isinstance(scale, dict):
        return [f'Scale "{scale_key}" must be an object.']
    if scale.get("type") == "range":
        if not isinstance(scale.get("min"), int) or not isinstance(scale.get("max"), int):
            return [f'Scale "{scale_key}": a range needs whole-number "min" and "max".']
        if scale["min"] >= scale["max"]:
            return [f'Scale "{scale_key}": "min" must be below "max".']
        return []
    if scale.get("type") == "options":
        options = scale.get("options")
        if not isinstance(options, list) or len(options) < 2:
            return [f'Scale "{scale_key}": "options" needs at least two options.']
        values = [option.get("value") if isinstance(option, dict) else None for option in options]
        if not all(isinstance(v, int) for v in values) or len(set(values)) != len(values):
            return [f'Scale "{scale_key}": every option needs a distinct whole-number "value".']
        if not all(str(option.get("label", "")).strip() for option in options):
            return [f'Scale "{scale_key}": every option needs a "label".']
        return []
    return [f'Scale "{scale_key}": "type" must be "range" or "options".']


def _score_problems(index: int, score, item_keys: dict, scales: dict) -> list[str]:
    if not isinstance(score, dict):
        return [f"Score {index} must be an object."]
    problems = []
    where = f'Score {index} ("{score.get("key", "")}")'
    if not str(score.get("key", "")).strip() or not str(score.get("label", "")).strip():
        problems.append(f'{where}: "key" and "label" are required.')
    method = score.get("method")
    if method not in METHODS:
        problems.append(f'{where}: "method" must be one of {", ".join(METHODS)}.')
    items = score.get("items")
    if not isinstance(items, list) or not items:
        problems.append(f'{where}: "items" must list at least one item.')
        items = []
    unknown = [i for i in items if i not in item_keys]
    if unknown:
        problems.append(f"{where}: unknown items {', '.join(map(str, unknown))}.")
    if method == "item" and len(items) != 1:
        problems.append(f'{where}: method "item" takes exactly one item.')
    if method == "sum_lookup" and not unknown and items:
        lookup = score.get("lookup")
        if not isinstance(lookup, dict):
            problems.append(f'{where}: method "sum_lookup" needs a "lookup" object.')
        else:
            low = sum(
                scale_bounds(scales[item_keys[i]["scale"]])[0]
                for i in items
                if item_keys[i]["scale"] in scales
            )
            high = sum(
                scale_bounds(scales[item_keys[i]["scale"]])[1]
                for i in items
                if item_keys[i]["scale"] in scales
            )
            missing = [str(total) for total in range(low, high + 1) if str(total) not in lookup]
            if missing:
                problems.append(
                    f'{where}: "lookup" has no value for sums {", ".join(missing[:10])}.'
                )
            elif not all(isinstance(v, (int, float)) for v in lookup.values()):
                problems.append(f'{where}: every "lookup" value must be a number.')
    if not isinstance(score.get("higher_is_better", True), bool):
        problems.append(f'{where}: "higher_is_better" must be true or false.')
    for band in score.get("bands", []) or []:
        if not isinstance(band, dict) or not {"label", "min", "max"} <= set(band):
            problems.append(f'{where}: every band needs "label", "min" and "max".')
    benchmark = score.get("benchmark")
    if benchmark is not None and not (
        isinstance(benchmark, dict) and isinstance(benchmark.get("mean"), (int, float))
    ):
        problems.append(f'{where}: "benchmark" needs a numeric "mean".')
    return problems


@transaction.atomic
def instrument_load(*, text: str | bytes, builtin: bool = False):
    """Load or update an instrument from its definition text; returns (instrument, created)."""
    from surveys.models import Instrument

    definition = instrument_parse(text)
    return Instrument.objects.update_or_create(
        key=definition["key"],
        defaults={
            "name": definition["name"],
            "licence": definition.get("licence", ""),
            "attribution": definition.get("attribution", ""),
            "definition": definition,
            "builtin": builtin,
        },
    )


def builtin_instruments_load() -> None:
    for path in sorted(BUILTIN_FOLDER.glob("*.json")):
        instrument_load(text=path.read_text(encoding="utf-8"), builtin=True)


# --- scoring -------------------------------------------------------------------------------


def score_for_respondent(score: dict, answers: dict, items: dict) -> float | None:
    """One respondent's score; `items` maps item key to {"min", "max", "reverse"}."""
    method = score["method"]
    keys = score["items"]
    if method == "item":
        value = answers.get(keys[0])
        return None if value is None else float(value)
    if method == "mean":
        values = []
        for key in keys:
            value = answers.get(key)
            if value is None:
                continue
            item = items[key]
            values.append(item["min"] + item["max"] - value if item["reverse"] else value)
        return sum(values) / len(values) if values else None
    if method == "sum_lookup":
        values = [answers.get(key) for key in keys]
        if any(value is None for value in values):
            return None
        mapped = score["lookup"].get(str(int(sum(values))))
        return None if mapped is None else float(mapped)
    raise ValueError(f"Unknown scoring method {method!r}")


def band_for(score: dict, value: float) -> str | None:
    for band in score.get("bands") or []:
        if band["min"] <= value <= band["max"]:
            return band["label"]
    return None
