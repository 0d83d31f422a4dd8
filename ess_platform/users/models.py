from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9 ]{9,15}$",
    _("Enter a phone number of 9 to 15 digits, for example +212 600 000 000."),
)


class User(AbstractUser):
    """A person: project holder, cooperative member, juror, delegate or administrator."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        DELEGATE = "delegate", _("Regional delegate")
        NATIONAL_ADMIN = "national_admin", _("National administrator")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        FRENCH = "fr", _("French")

    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True,
                             validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARABIC
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

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).strip()
        self.phone = normalize_phone(self.phone)
        if self.role == self.Role.DELEGATE and not self.region_id:
            raise ValidationError({"region": _("A regional delegate needs a region.")})

    @property
    def is_national_admin(self):
        return self.is_superuser or self.role == self.Role.NATIONAL_ADMIN

    @property
    def is_delegate(self):
        return self.role == self.Role.DELEGATE and self.region_id is not None


def normalize_phone(value):
    """Keep digits and a leading +, so '06 00-00' and '0600 00' are the same number."""
    value = (value or "").strip()
    if not value:
        return ""
    digits = "".join(ch for ch in value if ch.isdigit())
    return ("+" if value.startswith("+") else "") + digits
