from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.instruments import InstrumentError, instrument_load


class Command(BaseCommand):
    help = "Load or update a survey instrument from its definition file (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the instrument definition (JSON)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            instrument, created = instrument_load(text=text)
        except InstrumentError as error:
            lines = "\n".join(f"  - {p}" for p in error.problems)
            raise CommandError(
                f"{path.name}: nothing was loaded, {len(error.problems)} problem(s):\n{lines}"
            ) from None
        items = len(instrument.definition["items"])
        scores = len(instrument.definition.get("scores", []))
        verb = "Loaded" if created else "Updated"
        self.stdout.write(
            f"{verb} instrument {instrument.key!r} ({instrument.name}): "
            f"{items} items, {scores} scores."
        )
