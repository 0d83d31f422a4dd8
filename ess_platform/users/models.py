from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ess_platform.history import track
from ess_platform.kernel.languages import InterfaceLanguage

# The one phone rule (migrations name the validator by this module's path).
from ess_platform.kernel.phones import normalize_phone, phone_validator


class PlatformUserManager(UserManager):
    """``create_user`` and ``createsuperuser`` store identities the way sign-in reads them."""

    @classmethod
    def normalize_email(cls, email):
        return normalize_email(email)

    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: normalize_username(username)})


class User(AbstractUser):
    """A person: project holder, cooperative member, juror, delegate or administrator.

    Username and e-mail are stored lowercased and stripped, the phone as ``normalize_phone``
    writes it, on every save (admin, sign-up, ``createsuperuser``, shell), and the database
    refuses two accounts that differ only by case.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        DELEGATE = "delegate", _("Regional delegate")
        NATIONAL_ADMIN = "national_admin", _("National administrator")

    Language = InterfaceLanguage

    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True,
                             validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=3, choices=Language.choices, default=Language.ARABIC
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    region = models.ForeignKey(
        "regional_hubs.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
        help_text=_("For regional delegates: the only region they manage."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
            models.UniqueConstraint(
                "phone", condition=~models.Q(phone=""), name="user_phone_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="delegate") | models.Q(region__isnull=False),
                name="user_delegate_has_region",
            ),
        ]

    objects = PlatformUserManager()

    @classmethod
    def normalize_username(cls, username):
        return normalize_username(super().normalize_username(username))

    def normalize_identity(self):
        self.username = self.normalize_username(self.username)
        self.email = normalize_email(self.email)
        self.phone = normalize_phone(self.phone)

    def clean(self):
        super().clean()
        self.normalize_identity()
        if self.role == self.Role.DELEGATE and not self.region_id:
            raise ValidationError({"region": _("A regional delegate needs a region.")})

    def save(self, *args, **kwargs):
        fields = ("username", "email", "phone")
        before = [getattr(self, name) for name in fields]
        self.normalize_identity()
        changed = {name for name, value in zip(fields, before, strict=True)
                   if getattr(self, name) != value}
        if changed and kwargs.get("update_fields") is not None:
            # A partial save still writes the identity fields normalisation changed.
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)

    @property
    def is_national_admin(self):
        return self.is_superuser or self.role == self.Role.NATIONAL_ADMIN

    @property
    def is_delegate(self):
        return self.role == self.Role.DELEGATE and self.region_id is not None


class PendingSignup(models.Model):
    """A sign-up waiting for its person to open the link sent to their e-mail or phone.

    The account is created only when the link is opened, so a sign-up never tells whether
    an address already has an account, and nobody can hold an address they do not own.
    Only a hash of the link's secret is stored.
    """

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=3, choices=User.Language.choices,
        default=User.Language.ARABIC,
    )
    password = models.CharField(_("password"), max_length=128)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pending sign-up")
        verbose_name_plural = _("pending sign-ups")

    def __str__(self):
        return self.email or self.phone


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a phone number (sign-up, password reset).

    Only a keyed hash of the code is kept. A code expires, works once, dies after a few
    wrong tries, and a newer code for the same number and purpose replaces it (see
    ``phone_codes``). A row is written for unknown numbers too (never sent), so that
    rate limits answer the same whether a number has an account or not.
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Sign-up")
        PASSWORD_RESET = "password_reset", _("Password reset")

    phone = models.CharField(_("phone number"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64, editable=False)
    client_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    failures = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used or replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        indexes = [
            models.Index(fields=["phone", "purpose", "created_at"],
                         name="users_phonecode_phone_idx"),
            models.Index(fields=["client_ip", "created_at"], name="users_phonecode_ip_idx"),
        ]

    def __str__(self):
        return f"{self.phone} ({self.purpose})"


def normalize_username(value):
    """Usernames are compared and stored lowercased, without surrounding spaces."""
    return (value or "").strip().lower()


def normalize_email(value):
    """E-mail addresses are compared and stored lowercased, without surrounding spaces."""
    return (value or "").strip().lower()


# Every change on record (ess_platform/history): roles, regions, access; not the password
# or the sign-in times.
track(User, exclude=("password", "last_login"))
