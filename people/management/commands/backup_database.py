from django.core.management.base import BaseCommand, CommandError

from people import backups


class Command(BaseCommand):
    help = (
        "Back up the database to FILE: pg_dump's custom format for PostgreSQL, a copy of the file "
        "for SQLite. The backup holds health data: keep it encrypted and access-restricted."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (readable by its owner only)")
        parser.add_argument(
            "--database-url", help="back up this database instead of the configured DATABASE_URL"
        )

    def handle(self, *args, file, database_url, **options):
        db = backups.database_settings(database_url)
        try:
            size = backups.backup(db, file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {backups.describe(db)} to {file} ({size:,} bytes).")
        self.stdout.write(
            "Keep SECRET_KEY and SURVEY_SEAL_KEY safe too, apart from this file: a restore needs "
            "them (see README, Backup and restore)."
        )
