from django.core.management.base import CommandError

from common.csv_command import CsvImportCommand
from common.csvrows import parse_date
from surveys.imports import responses_import


class Command(CsvImportCommand):
    help = (
        "Import anonymous responses from an earlier survey provider into a closed round "
        "(created if missing)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--round", required=True, dest="round_slug", help="slug of the round")
        parser.add_argument("--title", default="", help="title of a new round (default: the slug)")
        parser.add_argument("--closed", default=None, help="the day the round closed, YYYY-MM-DD")
        parser.add_argument(
            "--min-group-size", type=int, default=None, help="minimum group size (3 or more)"
        )

    def run_import(self, data, dry_run, options):
        closed = None
        if options["closed"]:
            try:
                closed = parse_date(options["closed"])
            except ValueError:
                raise CommandError(
                    f"--closed {options['closed']!r} is not a date (YYYY-MM-DD)"
                ) from None
        if options["min_group_size"] is not None and options["min_group_size"] < 3:
            raise CommandError("--min-group-size must be 3 or more; nothing was imported")
        return responses_import(
            data=data,
            slug=options["round_slug"],
            title=options["title"],
            closed=closed,
            min_group_size=options["min_group_size"],
            dry_run=dry_run,
        )
