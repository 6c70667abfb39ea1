from django.core.management.base import BaseCommand, CommandError

from people import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by backup_database. All or "
        "nothing: if the restore fails, the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a backup made by backup_database")
        parser.add_argument(
            "--database-url", help="restore into this database instead of the configured one"
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, file, database_url, interactive, **options):
        db = backups.database_settings(database_url)
        if interactive:
            answer = input(
                f"This replaces everything in {backups.describe(db)} with {file}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            backups.restore(db, file)
        except backups.BackupError as error:
            raise CommandError(f"{error}\nNothing was changed.") from error
        self.stdout.write(f"Restored {file} into {backups.describe(db)}.")
        self.stdout.write(
            "Run `python manage.py migrate` if this code is newer than the backup, and make sure "
            "SECRET_KEY and SURVEY_SEAL_KEY are the ones in use when the backup was made."
        )
