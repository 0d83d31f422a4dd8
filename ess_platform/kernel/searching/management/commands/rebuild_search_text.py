from django.core.management.base import BaseCommand

from ess_platform.kernel.search import NORMALIZATION_VERSION
from ess_platform.kernel.searching.rebuild import rebuild_search_text


class Command(BaseCommand):
    help = ("Rebuild every stored search text (search_text columns) in batches when they were "
            "built with another version of the search normalisation; --force rebuilds anyway.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="rebuild even when the stored version is current")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, force=False, batch_size=1000, **options):
        written = rebuild_search_text(force=force, batch_size=batch_size)
        if written is None:
            self.stdout.write(f"Search texts are current (version {NORMALIZATION_VERSION}).")
            return
        for label, count in written.items():
            self.stdout.write(f"{label}: {count} rewritten")
        self.stdout.write(f"Search texts rebuilt (version {NORMALIZATION_VERSION}).")
