from absence.services import absence_import
from common.csv_command import CsvImportCommand


class Command(CsvImportCommand):
    help = "Import absence spells from a CSV (format in docs/file-formats.md); all rows or none."

    def run_import(self, data, dry_run, options):
        return absence_import(data=data, dry_run=dry_run).summary()
