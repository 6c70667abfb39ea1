from common.csv_command import CsvImportCommand
from school_calendar.services import term_import


class Command(CsvImportCommand):
    help = "Import term dates from a CSV (format in docs/file-formats.md); all rows or none."

    def run_import(self, data, dry_run, options):
        return term_import(data=data, dry_run=dry_run).summary()
