import importlib
import importlib.util

from django.core.management.base import BaseCommand

from people.demo import DEMO_PASSWORD

# Each app that has demo data provides `<app>.demo.seed(world)`; they run in this order.
DEMO_STEPS = [
    "workload.demo",
    "charters.demo",
    "surveys.demo",
    "surveys.pulse_demo",
    "actions.demo",
    "support.demo",
    "email_hours.demo",
    "dashboards.demo",
]


class Command(BaseCommand):
    help = "Build the demo trust (idempotent) and print a login for each role."

    def handle(self, *args, **options):
        from people import demo

        world = demo.seed()
        for module_name in DEMO_STEPS:
            if importlib.util.find_spec(module_name) is None:
                continue
            self.stdout.write(f"Seeding {module_name.split('.')[0]}...")
            importlib.import_module(module_name).seed(world)
        self.stdout.write(self.style.SUCCESS(f"Demo trust ready: {world.trust.name}"))
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        width = max(len(label) for label, _ in world.logins)
        for label, email in world.logins:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
