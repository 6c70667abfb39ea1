import json

from django.core.management.base import BaseCommand, CommandError

from common.csv_export import csv_safe_dict_writer
from surveys import stored_results
from surveys.models import Round
from surveys.selectors import round_results


class Command(BaseCommand):
    help = "Print a survey round's results (suppressed as on every page) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("round", help="the round's slug")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        survey_round = Round.objects.filter(slug=options["round"]).first()
        if survey_round is None:
            raise CommandError(f"no survey round has the slug {options['round']!r}")
        data = round_results(survey_round)
        if data is None:
            if not survey_round.is_closed:
                raise CommandError(
                    f"round {survey_round.slug!r} has not closed and has no released results yet"
                )
            from surveys.services import round_results_build

            data = round_results_build(survey_round=survey_round).data
        if options["format"] == "json":
            self.stdout.write(json.dumps(stored_results.export_json(data), indent=2))
            return
        writer = csv_safe_dict_writer(
            self.stdout, fieldnames=stored_results.CSV_COLUMNS, lineterminator="\n"
        )
        writer.writeheader()
        for row in stored_results.export_csv_rows(data):
            writer.writerow(row)
