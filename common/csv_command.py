"""Shared shape of the import commands: read FILE (CSV or XLSX), validate, apply all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.csvrows import CsvImportError


class CsvImportCommand(BaseCommand):
    supports_dry_run = True

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file or XLSX workbook (first sheet)")
        if self.supports_dry_run:
            parser.add_argument(
                "--dry-run", action="store_true", help="validate and report without writing"
            )

    def handle(self, *args, **options):
        path = Path(options["file"])
        dry_run = options.get("dry_run", False)
        try:
            data = path.open("rb")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        # The reader takes the open file and reads it in chunks, never whole.
        with data:
            try:
                summary = self.run_import(data, dry_run, options)
            except CsvImportError as error:
                raise CommandError(
                    f"{path.name}: nothing was imported, {len(error.problems)} problem(s):\n{error}"
                ) from error
        self.stdout.write(("Check only: " if dry_run else "") + summary)

    def run_import(self, data, dry_run: bool, options) -> str:
        """Import data, a binary file object; return the summary to print."""
        raise NotImplementedError
