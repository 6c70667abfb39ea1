import json

from django.core.management.base import BaseCommand, CommandError

from common.csv_export import csv_safe_dict_writer
from surveys import drivers, services
from surveys.models import Round
from surveys.selectors import round_results


class Command(BaseCommand):
    help = (
        "Print what goes with an outcome in a round's latest release: Pearson's r with its 95% "
        "interval for every other score (and scale question), as JSON or CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("round", help="the round's slug")
        parser.add_argument(
            "--outcome",
            default="ons4.life_satisfaction",
            help="INSTRUMENT.SCORE, such as ons4.life_satisfaction (the default)",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        survey_round = Round.objects.filter(slug=options["round"]).first()
        if survey_round is None:
            raise CommandError(f"no survey round has the slug {options['round']!r}")
        instrument, dot, key = options["outcome"].partition(".")
        if not dot or not instrument or not key:
            raise CommandError("--outcome must be INSTRUMENT.SCORE, such as ons4.life_satisfaction")
        data = services.drivers_ensure(survey_round, round_results(survey_round))
        if data is None:
            raise CommandError(f"round {survey_round.slug!r} has no released results yet")
        outcome_id = drivers.variable_id(instrument, key)
        if outcome_id not in dict(drivers.outcome_choices(data)):
            known = ", ".join(
                i.replace("s:", "").replace(":", ".") for i, _ in drivers.outcome_choices(data)
            )
            raise CommandError(
                f"{options['outcome']!r} is not a score of round {survey_round.slug!r}"
                f" (its scores: {known or 'none'})"
            )
        if "drivers" not in data:
            raise CommandError(
                f"the latest release of round {survey_round.slug!r} was made before drivers "
                "existed; make a new release (or wait for the round to close)"
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(drivers.export_json(data, outcome_id), indent=2))
            return
        writer = csv_safe_dict_writer(
            self.stdout, fieldnames=drivers.EXPORT_COLUMNS, lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(drivers.export_csv_rows(data, outcome_id))
