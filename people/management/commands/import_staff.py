from common.csv_command import CsvImportCommand
from people.services import staff_import


class Command(CsvImportCommand):
    help = "Import staff from a CSV (format in docs/file-formats.md); all rows or none."

    def run_import(self, data, dry_run, options):
        return staff_import(data=data, dry_run=dry_run).summary()
