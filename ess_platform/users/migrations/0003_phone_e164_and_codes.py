"""Phone numbers in one form (E.164, Moroccan when no country code is written), and the
one-time codes that prove a number by SMS.

Existing users' and pending sign-ups' numbers are rewritten with the rule of
``normalize_phone`` (phonenumbers, region MA). Two accounts whose numbers become the same
keep it on the oldest one; a later one loses it and a line is printed for the operator.
A number the numbering plan does not know is left as it is.
"""

import phonenumbers
from django.db import migrations, models

import ess_platform.users.models


def _e164(value):
    value = (value or "").strip()
    if not value:
        return value
    try:
        number = phonenumbers.parse(value, "MA")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(apps, schema_editor):
    User = apps.get_model("users", "User")
    taken = set(User.objects.exclude(phone="").values_list("phone", flat=True))
    for user in User.objects.exclude(phone="").order_by("pk").only("pk", "phone"):
        phone = _e164(user.phone)
        if phone == user.phone:
            continue
        if phone in taken:
            print(f"\n  users: account {user.pk} lost its phone (same as another account)")
            phone = ""
        taken.discard(user.phone)
        taken.add(phone)
        User.objects.filter(pk=user.pk).update(phone=phone)
    PendingSignup = apps.get_model("users", "PendingSignup")
    for pending in PendingSignup.objects.exclude(phone="").only("pk", "phone"):
        phone = _e164(pending.phone)
        if phone != pending.phone:
            PendingSignup.objects.filter(pk=pending.pk).update(phone=phone)


class Migration(migrations.Migration):

    dependencies = [
        ("users", "0002_normalise_identity"),
    ]

    operations = [
        migrations.RunPython(to_e164, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.CharField(blank=True, max_length=20, validators=[ess_platform.users.models.phone_validator], verbose_name="phone number"),
        ),
        migrations.CreateModel(
            name="PhoneCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phone", models.CharField(max_length=20, verbose_name="phone number")),
                ("purpose", models.CharField(choices=[("signup", "Sign-up"), ("password_reset", "Password reset")], max_length=20, verbose_name="purpose")),
                ("code_hash", models.CharField(editable=False, max_length=64)),
                ("client_ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("failures", models.PositiveSmallIntegerField(default=0, verbose_name="wrong tries")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="used or replaced at")),
            ],
            options={
                "verbose_name": "phone code",
                "verbose_name_plural": "phone codes",
                "indexes": [models.Index(fields=["phone", "purpose", "created_at"], name="users_phonecode_phone_idx"), models.Index(fields=["client_ip", "created_at"], name="users_phonecode_ip_idx")],
            },
        ),
    ]
