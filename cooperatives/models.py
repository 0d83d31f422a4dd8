import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ess_platform.history import track
from ess_platform.uploads import MetadataFreeImageField
from regional_hubs.models import LocatedInCommune
from regional_hubs.scoping import RegionOwned, RegionScopedQuerySet


class Sector(models.Model):
    """An SSE sector (handicrafts, argan, rural tourism...): national reference data."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Cooperative(RegionOwned, LocatedInCommune, models.Model):
    """A cooperative of the national directory (registered with its number)."""

    region_lookup = "region"
    public_rows = models.Q(is_published=True)
    #: owned_by(user): the cooperatives the user is a member (or manager) of.
    owner_lookup = "memberships__user"

    class LegalForm(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        UNION = "union", _("Union of cooperatives")
        FEDERATION = "federation", _("Federation of cooperatives")

    registration_number = models.CharField(_("registration number"), max_length=40,
                                           unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices,
                                  default=LegalForm.COOPERATIVE)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT,
                               related_name="cooperatives")
    commune = models.ForeignKey("regional_hubs.Commune", verbose_name=_("commune"),
                                on_delete=models.PROTECT, related_name="cooperatives")
    # Copied from the commune on save, so lists filter and scope without joins.
    province = models.ForeignKey("regional_hubs.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="cooperatives",
                                 editable=False)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="cooperatives",
                               editable=False)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    women_members = models.PositiveIntegerField(_("women members"), default=0)
    youth_members = models.PositiveIntegerField(
        _("young members"), default=0, help_text=_("Members aged 18 to 35."))
    women_led = models.BooleanField(_("women-led"), default=False)
    youth_led = models.BooleanField(_("youth-led"), default=False)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("20")), MaxValueValidator(Decimal("36.5"))])
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-17.5")), MaxValueValidator(Decimal("-0.9"))])
    is_published = models.BooleanField(_("published"), default=True)
    # Normalised names, descriptions and product names (ess_platform.search.normalize),
    # kept current by services.refresh_search_text(); pg_trgm-indexed on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        indexes = [
            models.Index(fields=["region", "sector"]),
            models.Index(fields=["province", "sector"]),
            models.Index(fields=["commune"]),
            # The directory's order (name in the active language, then pk) served by an
            # index, so a page (however deep) is an index walk instead of a sort of
            # every matching row; with the region and sector in front for the usual
            # filter (see `make bench`).
            models.Index(fields=["name_ar", "id"], condition=models.Q(is_published=True),
                         name="coop_published_name_ar"),
            models.Index(fields=["name_fr", "id"], condition=models.Q(is_published=True),
                         name="coop_published_name_fr"),
            models.Index(fields=["region", "sector", "name_ar", "id"],
                         condition=models.Q(is_published=True),
                         name="coop_region_sector_name_ar"),
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="coop_updated_at_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women_members__lte=models.F("members_count"))
                & models.Q(youth_members__lte=models.F("members_count")),
                name="cooperative_member_counts_consistent",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sync_territory_from_commune()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cooperatives:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.women_members > self.members_count:
            errors["women_members"] = _("Women members cannot exceed the members.")
        if self.youth_members > self.members_count:
            errors["youth_members"] = _("Young members cannot exceed the members.")
        if errors:
            raise ValidationError(errors)


class Product(RegionOwned, models.Model):
    """A product a cooperative sells, with an optional photo."""

    region_lookup = "cooperative__region"
    public_rows = models.Q(cooperative__is_published=True)

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("cooperative"),
                                    on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Public files: stored without their metadata (no EXIF, GPS position included).
    photo = MetadataFreeImageField(_("photo"), upload_to="products/%Y/%m/", blank=True)
    thumbnail = MetadataFreeImageField(_("thumbnail"), upload_to="products/thumbs/%Y/%m/",
                                       blank=True, editable=False)
    # For wide screens (srcset): the photo itself may be a camera's full size.
    photo_large = MetadataFreeImageField(_("large photo"), upload_to="products/large/%Y/%m/",
                                         blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="product_updated_at_id"),
        ]

    def __str__(self):
        return self.name


class CooperativeMembership(RegionOwned, models.Model):
    """A user's link to a cooperative; managers keep its profile current."""

    region_lookup = "cooperative__region"
    owner_lookup = "user"

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Member")

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("cooperative"),
                                    on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="cooperative_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices,
                            default=Role.MEMBER)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative membership")
        verbose_name_plural = _("cooperative memberships")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "user"],
                                    name="membership_unique_user")
        ]

    def __str__(self):
        return f"{self.user} – {self.cooperative}"


class ImportJob(RegionOwned, models.Model):
    """A spreadsheet of cooperatives imported in the background, with its per-row report."""

    region_lookup = "region"
    owner_lookup = "created_by"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting confirmation")
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.SET_NULL, null=True,
                                   related_name="cooperative_imports")
    # The delegate's region (rows of other regions are rejected); empty for national imports.
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="cooperative_imports")
    file = models.FileField(_("file"), upload_to="imports/cooperatives/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"row": 2, "registration_number": "...", "outcome": "created|updated|rejected",
    #   "reason": code, "params": {...}}, ...]
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    # ess_platform.jobs: runs started, the current attempt's token (a message of an earlier
    # one is ignored) and the last sign of life of the run.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempt_token = models.UUIDField(_("attempt token"), default=uuid.uuid4, editable=False)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True,
                                        editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cooperative import")
        verbose_name_plural = _("cooperative imports")

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class DirectoryChange(models.Model):
    """One row per write to directory data; the newest committed row is the version the
    directory cache keys its entries by (cooperatives/cache.py). Kept in the database so a
    write made while Redis is down still changes the version everyone reads."""

    id = models.BigAutoField(primary_key=True)

    def __str__(self):
        return str(self.id)


# Every change on record (ess_platform/history).
for _model in (Sector, Cooperative, Product, CooperativeMembership):
    track(_model)
