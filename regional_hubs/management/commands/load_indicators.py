from django.core.management.base import BaseCommand, CommandError

from regional_hubs.models import Region
from regional_hubs.services import load_indicators


class Command(BaseCommand):
    help = "Load (or refresh) the 2024 census indicators of the country, regions and provinces."

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("Load the territory first: manage.py load_territory")
        created, updated = load_indicators()
        self.stdout.write(f"territory profiles: {created} created, {updated} updated")
