from django.core.management.base import BaseCommand

from ess_platform.kernel.searching.index import refresh_index


class Command(BaseCommand):
    help = ("Rebuild the search's vocabulary and names in both scripts from every registered "
            "source (after a bulk load: seed_national, a large import).")

    def handle(self, *args, **options):
        words, pairs = refresh_index()
        self.stdout.write(f"{words} words, {pairs} name pairs.")
