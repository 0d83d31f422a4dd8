from django.core.management.base import BaseCommand

from regional_hubs.services import load_territory


class Command(BaseCommand):
    help = "Load (or refresh) Morocco's regions, provinces and communes from the HCP census."

    def handle(self, *args, **options):
        report = load_territory()
        for level, (created, updated) in report.items():
            self.stdout.write(f"{level}: {created} created, {updated} updated")
