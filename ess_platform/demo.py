"""Demo accounts, one per role; each app seeds its own demo content in ``<app>/demo.py``."""

from django.contrib.auth import get_user_model

from ess_platform.users.selectors import demo_user  # noqa: F401 - the apps' demos use it
from regional_hubs.models import Region

DEMO_PASSWORD = "demo-ess-2025"  # noqa: S105 - the demo accounts' published password

# username, role, region code (delegates), language, first name, last name
DEMO_ACCOUNTS = [
    ("admin@demo.ess.ma", "national_admin", None, "fr", "Nadia", "Bennani"),
    ("delegue.soussmassa@demo.ess.ma", "delegate", "09", "ar", "Hassan", "Amrani"),
    ("delegue.fesmeknes@demo.ess.ma", "delegate", "03", "fr", "Khadija", "Alaoui"),
    ("porteuse@demo.ess.ma", "member", None, "ar", "Fatima", "Ait Lahcen"),
    ("jury@demo.ess.ma", "member", None, "fr", "Youssef", "Idrissi"),
    ("gerante@demo.ess.ma", "member", None, "ar", "Aicha", "Oubrahim"),
]


def seed_accounts():
    """Create the demo accounts once; an existing account keeps its password."""
    user_model = get_user_model()
    created = []
    for username, role, region_code, language, first, last in DEMO_ACCOUNTS:
        region = Region.objects.get(code=region_code) if region_code else None
        user, was_created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": username,
                "role": role,
                "region": region,
                "preferred_language": language,
                "first_name": first,
                "last_name": last,
                "is_staff": role in {"delegate", "national_admin"},
                "is_superuser": role == "national_admin",
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
    return created


