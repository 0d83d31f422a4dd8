import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ess_platform.history import track
from ess_platform.kernel.phones import normalize_phone, phone_validator, whatsapp_url
from ess_platform.kernel.search import search_text
from ess_platform.kernel.uploads import MetadataFreeImageField
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
    # Copied from the commune on save, so lists filter and scope without joins. No index of
    # their own: the (province, sector) and (region, sector) indexes serve them (every
    # index is one more write for each row an import changes).
    province = models.ForeignKey("regional_hubs.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="cooperatives",
                                 editable=False, db_index=False)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="cooperatives",
                               editable=False, db_index=False)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    women_members = models.PositiveIntegerField(_("women members"), default=0)
    youth_members = models.PositiveIntegerField(
        _("young members"), default=0, help_text=_("Members aged 18 to 35."))
    women_led = models.BooleanField(_("women-led"), default=False)
    youth_led = models.BooleanField(_("youth-led"), default=False)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Kept as typed (pages show it so; the tel: link its E.164 form), checked by the one phone
    # rule on every form, admin and API write (see ess_platform.kernel.phones).
    phone = models.CharField(_("phone"), max_length=30, blank=True,
                             validators=[phone_validator])
    # E.164 (normalize_phone), so the click-to-chat link is https://wa.me/<digits>.
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, validators=[phone_validator],
        help_text=_("The number that answers on WhatsApp, e.g. +212 600 000 000."))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("20")), MaxValueValidator(Decimal("36.5"))])
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal("-17.5")), MaxValueValidator(Decimal("-0.9"))])
    is_published = models.BooleanField(_("published"), default=True)
    # Normalised names, descriptions and product names (ess_platform.kernel.search.normalize),
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
            # A sector alone: a name often holds its sector's word ("... de services"), so
            # a sector's rows sit together in name order, and the name index filtered by
            # sector read 31,000 rows for page 2 of a sector at 650,000 cooperatives.
            models.Index(fields=["sector", "name_ar", "id"],
                         condition=models.Q(is_published=True), name="coop_sector_name_ar"),
            models.Index(fields=["sector", "name_fr", "id"],
                         condition=models.Q(is_published=True), name="coop_sector_name_fr"),
            # Everything the directory's counts per filter value group by, and the id the
            # products' "published cooperative" join reads: index-only scans instead of
            # reading the wide rows (see `make bench`).
            models.Index(fields=["region", "province", "sector", "women_led", "youth_led",
                                 "commune", "id"],
                         condition=models.Q(is_published=True), name="coop_published_facets"),
            # The few unpublished cooperatives, which the public products leave out.
            models.Index(fields=["id"], condition=models.Q(is_published=False),
                         name="coop_unpublished_id"),
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="coop_updated_at_id"),
            # The map's bounding-box queries (regional_hubs.clustering): a latitude range
            # read from the index, the longitude and the key taken from it without the table.
            models.Index(fields=["latitude", "longitude"], include=["id"],
                         condition=models.Q(is_published=True, latitude__isnull=False),
                         name="coop_published_lat_lng"),
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
        self.whatsapp = normalize_phone(self.whatsapp)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cooperatives:detail", kwargs={"pk": self.pk})

    @property
    def whatsapp_url(self):
        """WhatsApp's click-to-chat link (https://wa.me/ and the number's digits)."""
        return whatsapp_url(self.whatsapp)

    @property
    def phone_e164(self):
        """The phone as a tel: link wants it (E.164 when it is a valid number)."""
        return normalize_phone(self.phone)

    def clean(self):
        super().clean()
        errors = {}
        # The same rule as the check constraint; the code names it for the import report.
        if self.women_members > self.members_count:
            errors["women_members"] = ValidationError(
                _("Women members cannot exceed the members."), code="members_inconsistent")
        if self.youth_members > self.members_count:
            errors["youth_members"] = ValidationError(
                _("Young members cannot exceed the members."), code="members_inconsistent")
        if errors:
            raise ValidationError(errors)


class Product(RegionOwned, models.Model):
    """A product a cooperative sells: its price in dirhams per unit, whether it can be had
    now, and an optional photo."""

    region_lookup = "cooperative__region"
    # Those of the published cooperatives, said as "not of an unpublished one" (the same
    # rows: the cooperative is required): the few unpublished ids come from a small partial
    # index, so a count or an ordered page reads the products alone, without joining every
    # cooperative row (see `make bench`).
    public_rows = ~models.Q(cooperative_id__in=Cooperative.objects.unscoped().filter(
        is_published=False).values("id"))
    CURRENCY = "MAD"

    class Unit(models.TextChoices):
        PIECE = "piece", _("piece")
        KILOGRAM = "kg", _("kilogram")
        GRAM = "g", _("gram")
        LITRE = "l", _("litre")
        MILLILITRE = "ml", _("millilitre")
        BOX = "box", _("box")
        PACK = "pack", _("pack")
        METRE = "m", _("metre")
        SQUARE_METRE = "m2", _("square metre")
        NIGHT = "night", _("night")
        PERSON = "person", _("person")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        ON_ORDER = "on_order", _("Made to order")
        SEASONAL = "seasonal", _("Seasonal")
        UNAVAILABLE = "unavailable", _("Not available now")

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("cooperative"),
                                    on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("price (MAD)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01")),
                    MaxValueValidator(Decimal("10000000"))],
        help_text=_("In Moroccan dirhams, per unit; empty: price on request."))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices,
                            default=Unit.PIECE)
    availability = models.CharField(_("availability"), max_length=12,
                                    choices=Availability.choices,
                                    default=Availability.AVAILABLE)
    # Public files: stored without their metadata (no EXIF, GPS position included).
    photo = MetadataFreeImageField(_("photo"), upload_to="products/%Y/%m/", blank=True)
    thumbnail = MetadataFreeImageField(_("thumbnail"), upload_to="products/thumbs/%Y/%m/",
                                       blank=True, editable=False)
    # For wide screens (srcset): the photo itself may be a camera's full size.
    photo_large = MetadataFreeImageField(_("large photo"), upload_to="products/large/%Y/%m/",
                                         blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Its names and its cooperative's, normalised (the products search reads this column,
    # pg_trgm-indexed on PostgreSQL); written on save and when the cooperative is renamed
    # (services.refresh_search_text).
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # Its cooperative's sector and region, copied (taken on save; cooperatives/denormal.py
    # keeps them in step when cooperatives change), so the products of a sector or a region
    # are read from the products' own indexes, without the cooperatives.
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT,
                               related_name="+", null=True, editable=False, db_index=False)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="+", null=True,
                               editable=False, db_index=False)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="product_updated_at_id"),
            # The products search's price range and its price order.
            models.Index(fields=["price", "id"], name="product_price_id"),
            # The products list's default order (name in the active language, then pk):
            # a page is an index walk instead of a sort of every product.
            models.Index(fields=["name_ar", "id"], include=["cooperative"],
                         name="product_name_ar_id"),
            models.Index(fields=["name_fr", "id"], include=["cooperative"],
                         name="product_name_fr_id"),
            # The products of a sector or a region in the list's order: an index walk over
            # theirs alone (the cooperative carried for the published-only condition).
            models.Index(fields=["sector", "name_ar", "id"], include=["cooperative"],
                         name="product_sector_name_ar_id"),
            models.Index(fields=["sector", "name_fr", "id"], include=["cooperative"],
                         name="product_sector_name_fr_id"),
            models.Index(fields=["region", "name_ar", "id"], include=["cooperative"],
                         name="product_region_name_ar_id"),
            models.Index(fields=["region", "name_fr", "id"], include=["cooperative"],
                         name="product_region_name_fr_id"),
            # ... and of a sector in a region: a product's name holds its sector's words,
            # so the region's walk filtered by sector read 56,000 rows to find twenty at
            # ten times the national data set.
            models.Index(fields=["region", "sector", "name_ar", "id"], include=["cooperative"],
                         name="product_region_sector_ar"),
            models.Index(fields=["region", "sector", "name_fr", "id"], include=["cooperative"],
                         name="product_region_sector_fr"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text(self.cooperative)
        # The cooperative's sector and region come with it (cooperatives/denormal.py).
        self.sector_id = self.cooperative.sector_id
        self.region_id = self.cooperative.region_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, *(
                name for name in ("search_text", "sector", "region") if name not in update_fields)]
        super().save(*args, **kwargs)

    def build_search_text(self, cooperative):
        return search_text(self.name_ar, self.name_fr, cooperative.name_ar, cooperative.name_fr)

    @property
    def is_available(self):
        return self.availability != self.Availability.UNAVAILABLE


class Certification(RegionOwned, models.Model):
    """A label, certification or authorisation a cooperative holds (an ONSSA sanitary
    authorisation, a protected geographical indication...), shown on its profile."""

    region_lookup = "cooperative__region"
    public_rows = models.Q(cooperative__is_published=True)

    class Kind(models.TextChoices):
        ONSSA = "onssa", _("ONSSA sanitary authorisation or approval")
        PGI = "pgi", _("Protected geographical indication (PGI)")
        PDO = "pdo", _("Protected designation of origin (PDO)")
        AGRICULTURAL_LABEL = "agricultural_label", _("Agricultural label")
        ORGANIC = "organic", _("Organic production")
        FAIR_TRADE = "fair_trade", _("Fair trade")
        HANDICRAFT_LABEL = "handicraft_label", _("Handicraft label")
        OTHER = "other", _("Other label or certification")

    #: Kinds that are numbered documents: their number is required.
    NUMBERED = {Kind.ONSSA}

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("cooperative"),
                                    on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(
        _("name"), max_length=200, blank=True,
        help_text=_("E.g. the name of the indication (Argane, Safran de Taliouine...)."))
    reference = models.CharField(
        _("number"), max_length=80, blank=True,
        help_text=_("The authorisation, approval or certificate number."))
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["cooperative", "kind", "pk"]
        verbose_name = _("label or certification")
        verbose_name_plural = _("labels and certifications")

    def __str__(self):
        return " – ".join(part for part in (self.get_kind_display(), self.title,
                                             self.reference) if part)

    def clean(self):
        super().clean()
        if self.kind in self.NUMBERED and not self.reference.strip():
            raise ValidationError({"reference": _("Give the number of this authorisation.")})

    @property
    def is_expired(self):
        from ess_platform.kernel.dates import local_today

        return self.valid_until is not None and self.valid_until < local_today()


class Inquiry(RegionOwned, models.Model):
    """A visitor's question to a cooperative ("ask the cooperative"), sent to its managers
    through the notification channels. Kept to count senders (rate limits) and so that one
    form sent twice is one message."""

    region_lookup = "cooperative__region"
    owner_lookup = "sender"

    cooperative = models.ForeignKey(Cooperative, verbose_name=_("cooperative"),
                                    on_delete=models.CASCADE, related_name="inquiries")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="inquiries")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="cooperative_inquiries")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=2000)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    #: The form's one-time token: the same form posted twice is one inquiry.
    token = models.UUIDField(_("form token"), unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question to a cooperative")
        verbose_name_plural = _("questions to cooperatives")
        indexes = [
            models.Index(fields=["client_ip", "created_at"], name="inquiry_ip_idx"),
            models.Index(fields=["email", "created_at"], name="inquiry_email_idx"),
            models.Index(fields=["phone", "created_at"], name="inquiry_phone_idx"),
            models.Index(fields=["sender", "created_at"], name="inquiry_sender_idx"),
        ]

    def __str__(self):
        return f"{self.name} → {self.cooperative_id}"


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
    # ess_platform.kernel.jobs: runs started, the current attempt's token (a message of an earlier
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


class FacetSummary(models.Model):
    """How many published cooperatives each group of (region, province, sector, women-led,
    youth-led) holds, at one directory version: the directory's filter counts without a
    GROUP BY over the country each time (cooperatives/directory.py). Row 1; row 2 holds
    how many of their products each (region, sector, available now) group holds, for the
    products lists' counts. Each row is rebuilt by the first page that finds it older than
    the directory version."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField()
    #: Row 1: [[region_id, province_id, sector_id, women_led, youth_led, count], ...];
    #: row 2: [[region_id, sector_id, available, count], ...].
    groups = models.JSONField()

    def __str__(self):
        return f"{self.version}: {len(self.groups)} groups"


# Every change on record (ess_platform/history).
for _model in (Sector, Cooperative, Product, CooperativeMembership, Certification):
    track(_model)
