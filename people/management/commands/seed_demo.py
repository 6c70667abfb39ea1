from django.core.management.base import BaseCommand

from people.demo import DEMO_PASSWORD, demo_steps


class Command(BaseCommand):
    help = "Build the demo trust (idempotent) and print a login for each role."

    def handle(self, *args, **options):
        from people import demo

        world = demo.seed()
        for step in demo_steps():
            self.stdout.write(f"Seeding {step.app}...")
            step.seed(world)
        self.stdout.write(self.style.SUCCESS(f"Demo trust ready: {world.trust.name}"))
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        width = max(len(label) for label, _ in world.logins)
        for label, email in world.logins:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
