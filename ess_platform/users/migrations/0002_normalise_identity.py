"""Store usernames, e-mails and phones normalised, and refuse usernames differing by case.

Existing rows are normalised first (lowercased, stripped, phone digits with a leading +).
Two rows that would collide keep the value on the oldest account; a later one gets its
username suffixed with its id, or its e-mail/phone emptied, and a line is printed for the
operator (each such person still signs in with their other identifiers).
"""

import django.db.models.functions.text
from django.db import migrations, models

import ess_platform.users.models


def _phone(value):
    value = (value or "").strip()
    if not value:
        return ""
    return ("+" if value.startswith("+") else "") + "".join(ch for ch in value if ch.isdigit())


def normalise_existing(apps, schema_editor):
    User = apps.get_model("users", "User")
    taken = {"username": set(), "email": set(), "phone": set()}
    changes = {}
    for user in User.objects.order_by("pk").only("pk", "username", "email", "phone"):
        values = {
            "username": (user.username or "").strip().lower(),
            "email": (user.email or "").strip().lower(),
            "phone": _phone(user.phone),
        }
        if values["username"] in taken["username"]:
            values["username"] = f"{values['username']}-{user.pk}"[:150]
            print(f"\n  users: account {user.pk} renamed to {values['username']!r} (case clash)")
        for field in ("email", "phone"):
            if values[field] and values[field] in taken[field]:
                print(f"\n  users: account {user.pk} lost its {field} (same as an older account)")
                values[field] = ""
        for field, value in values.items():
            if value:
                taken[field].add(value)
        if any(getattr(user, field) != value for field, value in values.items()):
            changes[user.pk] = values
    # Two steps, so that no row ever holds a value another row still has.
    for pk in changes:
        User.objects.filter(pk=pk).update(username=f"~normalising-{pk}", email="", phone="")
    for pk, values in changes.items():
        User.objects.filter(pk=pk).update(**values)


class Migration(migrations.Migration):

    dependencies = [
        ('users', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(normalise_existing, migrations.RunPython.noop),
        migrations.CreateModel(
            name='PendingSignup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone number')),
                ('preferred_language', models.CharField(choices=[('ar', 'Arabic'), ('fr', 'French')], default='ar', max_length=2, verbose_name='preferred language')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('next_url', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
            ],
            options={
                'verbose_name': 'pending sign-up',
                'verbose_name_plural': 'pending sign-ups',
            },
        ),
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', ess_platform.users.models.PlatformUserManager()),
            ],
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('username'), name='user_username_unique_ci'),
        ),
    ]
