"""Guests' phone numbers in the accounts' one form (E.164, Moroccan when no country code
is written; see ess_platform.users.models.normalize_phone). A number the numbering plan
does not know is left as it is."""

import phonenumbers
from django.db import migrations


def _e164(value):
    try:
        number = phonenumbers.parse(value, "MA")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    rows = Registration._base_manager.exclude(phone="").only("pk", "phone")
    for registration in rows.iterator(chunk_size=2000):
        phone = _e164(registration.phone)
        if phone != registration.phone:
            Registration._base_manager.filter(pk=registration.pk).update(phone=phone)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_change_feed_updated_at"),
    ]

    operations = [
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
