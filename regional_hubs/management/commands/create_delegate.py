from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regional_hubs.services import create_delegate


class Command(BaseCommand):
    help = "Create a regional delegate, or assign an existing account to a region (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--region", required=True, help="Region HCP code, 01 to 12.")
        parser.add_argument("--password", default="",
                            help="Set this password (else a new account has none until reset).")

    def handle(self, *args, email, region, password, **options):
        try:
            user, created = create_delegate(email=email, region_code=region, password=password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} delegate {user.email} for region {user.region.code} "
                          f"({user.region.name_fr}).")
        if created and not password:
            self.stdout.write("No password set: the delegate signs in after a password reset.")
