from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from ess_platform.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts
from regional_hubs.models import Commune
from regional_hubs.scoping import unscoped

# Dependencies point one way, and so does seeding.
DEMO_APPS = ["regional_hubs", "cooperatives", "projects_bank", "events"]


class Command(BaseCommand):
    help = "Load the demo data drawn from the source articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true",
                            help="Do not print the demo accounts.")

    @unscoped()
    def handle(self, *args, **options):
        if not Commune.objects.exists():
            call_command("load_territory", stdout=self.stdout)
        with transaction.atomic():
            seed_accounts()
            for app in DEMO_APPS:
                try:
                    demo = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                demo.seed(stdout=self.stdout)
        if not options["quiet_accounts"]:
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for username, role, region, *_ in DEMO_ACCOUNTS:
                where = f" region {region}" if region else ""
                self.stdout.write(f"  {username:34} {role}{where}")
