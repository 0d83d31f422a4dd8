"""The cooperative projects bank: ideas and their review, calls (ideathons) judged by a
jury, and the reference data a project holder needs (economic models, financing, partners).

State changes go through ``projects_bank.services``; these models hold data and invariants.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ess_platform.history import track
from ess_platform.kernel.dates import local_date, local_today
from ess_platform.kernel.phones import phone_validator
from ess_platform.kernel.private_files import RandomName, private_storage
from ess_platform.kernel.searching.models import StoredSearchText
from ess_platform.kernel.uploads import MetadataFreeImageField, validate_image, validate_pdf
from regional_hubs.models import LocatedInCommune
from regional_hubs.scoping import RegionOwned, RegionScopedQuerySet

SUMMARY_MAX_LENGTH = 2000
SCORE_MIN, SCORE_MAX = 0, 10


#: ProjectIdea.PUBLISHED_STATUSES, for its indexes' condition (its Meta cannot read the class).
PUBLISHED = ("accepted", "incubated", "cooperative_created")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")


class ProjectIdea(StoredSearchText, RegionOwned, LocatedInCommune, models.Model):
    """A project idea written by its author in one language, followed through review."""

    region_lookup = "region"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        INCUBATED = "incubated", _("Incubated")
        COOPERATIVE_CREATED = "cooperative_created", _("Cooperative created")

    #: Statuses anyone may see; the others stay with the author and the reviewers.
    PUBLISHED_STATUSES = (Status.ACCEPTED, Status.INCUBATED, Status.COOPERATIVE_CREATED)
    public_rows = models.Q(status__in=PUBLISHED_STATUSES)
    owner_lookup = "author"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               on_delete=models.PROTECT, related_name="project_ideas")
    language = models.CharField(_("language of the idea"), max_length=2,
                                choices=Language.choices, default=Language.ARABIC)
    # A draft may leave everything but the title blank; the services ask for the rest
    # on submission (``projects_bank.services.REQUIRED_TO_SUBMIT``).
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True,
                               validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)])
    need_addressed = models.TextField(_("need addressed"), blank=True,
                                      validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
                                      help_text=_("The local need or problem the project answers."))
    commune = models.ForeignKey("regional_hubs.Commune", verbose_name=_("target commune"),
                                on_delete=models.PROTECT, related_name="project_ideas",
                                null=True, blank=True)
    # Copied from the commune on save, so lists filter and scope without joins.
    province = models.ForeignKey("regional_hubs.Province", verbose_name=_("province"),
                                 on_delete=models.PROTECT, related_name="project_ideas",
                                 editable=False, null=True)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="project_ideas",
                               editable=False, null=True)
    sector = models.ForeignKey("cooperatives.Sector", verbose_name=_("sector"),
                               on_delete=models.PROTECT, related_name="project_ideas",
                               null=True, blank=True)
    expected_members = models.PositiveIntegerField(
        _("expected members"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    expected_women = models.PositiveIntegerField(_("of whom women"), default=0,
                                                 validators=[MaxValueValidator(100_000)])
    expected_youth = models.PositiveIntegerField(
        _("of whom young people"), default=0, validators=[MaxValueValidator(100_000)],
        help_text=_("Members aged 18 to 35."))
    estimated_budget = models.DecimalField(
        _("estimated budget (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))])
    expected_jobs = models.PositiveIntegerField(_("expected jobs"), default=0,
                                                validators=[MaxValueValidator(100_000)])
    # Private files under random names: only the download views (permission checked)
    # serve them; the uploader's file names are kept as display names.
    photo = MetadataFreeImageField(_("photo"), storage=private_storage,
                                   upload_to=RandomName("ideas/photos"), blank=True,
                                   validators=[validate_image])
    photo_name = models.CharField(_("photo file name"), max_length=255, blank=True,
                                  editable=False)
    photo_thumbnail = models.ImageField(_("photo thumbnail"), storage=private_storage,
                                        upload_to=RandomName("ideas/thumbnails"), blank=True,
                                        editable=False)
    document = models.FileField(_("document (PDF)"), storage=private_storage,
                                upload_to=RandomName("ideas/documents"), blank=True,
                                validators=[FileExtensionValidator(["pdf"]), validate_pdf])
    document_name = models.CharField(_("document file name"), max_length=255, blank=True,
                                     editable=False)
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("existing cooperative"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="project_ideas",
        help_text=_("If the idea is carried by an existing cooperative."))
    call = models.ForeignKey("Call", verbose_name=_("call"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="ideas")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, editable=False)
    rejection_reason = models.TextField(_("rejection reason"), blank=True, editable=False)
    incubation_hub = models.ForeignKey(
        "regional_hubs.RegionalHub", verbose_name=_("incubated at"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="incubated_ideas", editable=False)
    founded_cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("cooperative created"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="founding_ideas",
        editable=False)
    submission_token = models.UUIDField(
        _("submission token"), default=uuid.uuid4, unique=True, editable=False,
        help_text=_("Generated with the form, so submitting it twice stores one idea."))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True,
                                        editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title and summary, normalised: what the ideas' search reads (ess_platform.kernel.searching),
    # written on save; pg_trgm-indexed on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_text_fields = ("title", "summary")

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        indexes = [
            models.Index(fields=["status", "region", "sector"]),
            # A region's ideas counted by status (its page's funnel) from the index alone.
            models.Index(fields=["region", "status"], name="idea_region_status"),
            models.Index(fields=["author", "status"]),
            models.Index(fields=["call", "status"]),
            # The public lists' order (site and API): newest first, walked by the index
            # instead of sorting every published idea (`make bench`); the status carried
            # along, so that the walk (deep pages) reads the index alone.
            models.Index(fields=["-submitted_at", "-id"], include=["status"],
                         name="idea_submitted_desc"),
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="idea_updated_at_id"),
            # The public lists filtered by region, sector or status, in their order: a
            # page is a walk of the published ideas of that region (sector, status), not of
            # every published idea past those elsewhere (PUBLISHED_STATUSES, tested).
            *(models.Index(fields=[column, "-submitted_at", "-id"],
                           condition=models.Q(status__in=PUBLISHED), name=f"idea_public_{column}")
              for column in ("region", "sector", "status")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_women__lte=models.F("expected_members"))
                & models.Q(expected_youth__lte=models.F("expected_members")),
                name="idea_member_counts_consistent",
            ),
            models.CheckConstraint(condition=models.Q(estimated_budget__gte=0),
                                   name="idea_budget_not_negative"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.commune_id is None:
            self.province_id = self.region_id = None
        self.sync_territory_from_commune()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects_bank:idea", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        members = self.expected_members or 0
        if self.expected_women is not None and self.expected_women > members:
            errors["expected_women"] = _("Women cannot outnumber the expected members.")
        if self.expected_youth is not None and self.expected_youth > members:
            errors["expected_youth"] = _("Young people cannot outnumber the expected members.")
        if self.call_id and self.commune_id and self.call.region_id and (
            self.call.region_id != self.commune.province.region_id
        ):
            errors["call"] = _("This call is open to ideas of another region only.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return self.status in self.PUBLISHED_STATUSES


class IdeaTally(models.Model):
    """How many ideas each group of (region, sector, status, language) holds, kept by the
    database itself: on PostgreSQL, triggers on the ideas' table add every statement's
    inserted, deleted and changed rows to their groups in the same transaction (migration
    0013), whichever way the rows are written (the ORM, a bulk write, COPY, SQL). The
    public lists' counts are read from it (``selectors.published_idea_count``) instead of
    counting every matching idea, a count that grows with the bank. On SQLite nothing keeps
    it, and nothing reads it."""

    #: The idea's region and sector ids; 0 for an idea without one.
    region_id = models.IntegerField()
    sector_id = models.IntegerField()
    status = models.CharField(max_length=20)
    language = models.CharField(max_length=2)
    ideas = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region_id", "sector_id", "status", "language"],
                                    name="idea_tally_group"),
        ]

    def __str__(self):
        return f"{self.region_id}/{self.sector_id}/{self.status}/{self.language}: {self.ideas}"


class PublishedIdeasVersion(models.Model):
    """One row whose version PostgreSQL raises, in the writing transaction, with every
    statement that writes a published idea, or makes one (the tally's triggers, migration
    0015): what the public list's page anchors are kept by
    (``selectors.idea_page_anchors``). Not kept on SQLite."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.version)


class IdeaStatusChange(RegionOwned, models.Model):
    """One step of an idea's history: who moved it, when and why."""

    region_lookup = "idea__region"
    owner_lookup = "idea__author"

    idea = models.ForeignKey(ProjectIdea, verbose_name=_("idea"), on_delete=models.CASCADE,
                             related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=ProjectIdea.Status.choices,
                                   blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProjectIdea.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                                   on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    changed_at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        # In words, as the admin and the history show it: "submitted → under review".
        return gettext("%(from)s → %(to)s") % {
            "from": self.get_from_status_display() or "—", "to": self.get_to_status_display()}


class Call(RegionOwned, models.Model):
    """A call for ideas (an ideathon): regional, or national when it has no region."""

    region_lookup = "region"
    public_rows = ~models.Q(status="draft")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Open for ideas")
        CLOSED = "closed", _("Closed, jury at work")
        PUBLISHED = "published", _("Ranking published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="calls",
                               help_text=_("Leave empty for a national call."))
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_at = models.DateTimeField(_("ideas accepted until"))
    judging_ends_at = models.DateTimeField(_("jury scores until"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT, editable=False)
    ranking_published_at = models.DateTimeField(_("ranking published at"), null=True,
                                                blank=True, editable=False)
    ranking_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ranking published by"),
        on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    jury = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("jury"),
                                  through="JuryAssignment", related_name="juried_calls",
                                  blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("call for ideas")
        verbose_name_plural = _("calls for ideas")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="call_updated_at_id"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects_bank:call", kwargs={"slug": self.slug})

    @staticmethod
    def accepting_ideas(now=None):
        """The calls open for ideas at ``now``: one rule for the form and the service,
        judged on Morocco's date (ess_platform.kernel.dates), not the UTC one."""
        now = now or timezone.now()
        return models.Q(status=Call.Status.OPEN, closes_at__gte=now,
                        opens_on__lte=local_today(now))

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_at and local_date(self.closes_at) < self.opens_on:
            raise ValidationError({"closes_at": _("A call cannot close before it opens.")})
        if self.closes_at and self.judging_ends_at and self.judging_ends_at < self.closes_at:
            raise ValidationError(
                {"judging_ends_at": _("The jury cannot finish before the call closes.")})


class JuryAssignment(RegionOwned, models.Model):
    """A juror of a call."""

    region_lookup = "call__region"
    owner_lookup = "juror"

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE,
                             related_name="jury_assignments")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("juror"),
                              on_delete=models.CASCADE, related_name="jury_assignments")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [
            models.UniqueConstraint(fields=["call", "juror"], name="jury_unique_juror")
        ]

    def __str__(self):
        return f"{self.juror} – {self.call}"


CRITERIA_LOCKED = _("The jury has started scoring this call: its criteria can no longer be "
                    "changed or deleted.")


class Criterion(RegionOwned, models.Model):
    """A weighted criterion the jury scores every idea of a call on."""

    region_lookup = "call__region"
    public_rows = ~models.Q(call__status="draft")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE,
                             related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1),
                                   name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._differs_from_stored():
            self._refuse_once_scored()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_once_scored()
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self._differs_from_stored():
            self._refuse_once_scored()

    def _differs_from_stored(self):
        """A new criterion, or a stored one whose values change (saving it unchanged, as
        an idempotent seed does, is no change)."""
        if self.pk is None:
            return True
        names = [field.attname for field in self._meta.concrete_fields]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        return stored is None or any(stored[name] != getattr(self, name) for name in names)

    def scoring_started(self):
        """Has the jury scored any idea of this criterion's call? Its criteria are then
        locked: changing one would change the scores already given."""
        return self.call_id is not None and Evaluation.objects.unscoped().filter(
            call_id=self.call_id).exists()

    def _refuse_once_scored(self):
        if self.scoring_started():
            raise ValidationError(CRITERIA_LOCKED, code="criteria_locked")


class Evaluation(RegionOwned, models.Model):
    """One juror's scoring of one idea: submitted once, never edited."""

    region_lookup = "call__region"
    owner_lookup = "juror"

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE,
                             related_name="evaluations")
    idea = models.ForeignKey(ProjectIdea, verbose_name=_("idea"), on_delete=models.CASCADE,
                             related_name="evaluations")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("juror"),
                              on_delete=models.PROTECT, related_name="evaluations")
    comment = models.TextField(_("comment"), blank=True,
                               validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)])
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["juror", "idea"], name="evaluation_once_per_juror")
        ]

    def __str__(self):
        return f"{self.juror} – {self.idea}"


class Score(RegionOwned, models.Model):
    """The score (0 to 10) an evaluation gives on one criterion."""

    region_lookup = "evaluation__call__region"
    owner_lookup = "evaluation__juror"

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"),
                                   on_delete=models.CASCADE, related_name="scores")
    # PROTECT: a criterion the jury scored on cannot take its scores with it.
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"),
                                  on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"],
                                    name="score_once_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                                   name="score_in_range"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class RankingEntry(RegionOwned, models.Model):
    """An idea's place in a call's published ranking (computed once, on closing)."""

    region_lookup = "call__region"
    public_rows = models.Q(call__status="published")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE,
                             related_name="ranking")
    idea = models.ForeignKey(ProjectIdea, verbose_name=_("idea"), on_delete=models.CASCADE,
                             related_name="ranking_entries")
    rank = models.PositiveIntegerField(_("rank"))
    weighted_score = models.DecimalField(_("weighted average"), max_digits=5, decimal_places=2)
    top_criterion_score = models.DecimalField(_("score on the main criterion"), max_digits=5,
                                              decimal_places=2)
    evaluations_count = models.PositiveIntegerField(_("evaluations"))

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["call", "rank"]
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        constraints = [
            models.UniqueConstraint(fields=["call", "idea"], name="ranking_unique_idea"),
            models.UniqueConstraint(fields=["call", "rank"], name="ranking_unique_rank"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.idea}"


class EconomicModel(models.Model):
    """A reference business model for a sector: what it costs, earns and needs."""

    sector = models.ForeignKey("cooperatives.Sector", verbose_name=_("sector"),
                               on_delete=models.PROTECT, related_name="economic_models")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    investment = models.DecimalField(_("initial investment (MAD)"), max_digits=12,
                                     decimal_places=2,
                                     validators=[MinValueValidator(Decimal(0))])
    yearly_revenue = models.DecimalField(_("yearly revenue (MAD)"), max_digits=12,
                                         decimal_places=2,
                                     validators=[MinValueValidator(Decimal(0))])
    yearly_costs = models.DecimalField(_("yearly costs (MAD)"), max_digits=12,
                                       decimal_places=2,
                                     validators=[MinValueValidator(Decimal(0))])
    break_even_months = models.PositiveSmallIntegerField(_("break-even (months)"))
    jobs = models.PositiveSmallIntegerField(_("jobs"))
    required_skills = models.TextField(_("required skills"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["sector__position", "title"]
        verbose_name = _("economic model")
        verbose_name_plural = _("economic models")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="econmodel_updated_at_id"),
        ]

    def __str__(self):
        return self.title


class FundingSource(StoredSearchText, models.Model):
    """A financing programme a project may apply to, with its eligibility rules."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan")
        GUARANTEE = "guarantee", _("Guarantee")
        PRIZE = "prize", _("Prize")
        IN_KIND = "in_kind", _("In-kind support")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    programme = models.CharField(_("programme"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    sectors = models.ManyToManyField("cooperatives.Sector", verbose_name=_("eligible sectors"),
                                     blank=True, related_name="funding_sources",
                                     help_text=_("Leave empty for every sector."))
    regions = models.ManyToManyField("regional_hubs.Region", verbose_name=_("regions"),
                                     blank=True, related_name="funding_sources",
                                     help_text=_("Leave empty for the whole country."))
    legal_forms = models.CharField(_("eligible legal forms"), max_length=255, blank=True)
    women_only = models.BooleanField(_("for women's projects only"), default=False)
    youth_only = models.BooleanField(_("for young people's projects only"), default=False)
    amount_min = models.DecimalField(_("minimum amount (MAD)"), max_digits=12,
                                     decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal(0))])
    amount_max = models.DecimalField(_("maximum amount (MAD)"), max_digits=12,
                                     decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal(0))])
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    link = models.URLField(_("link"), blank=True)
    is_example = models.BooleanField(
        _("example to verify"), default=False,
        help_text=_("Shown with a warning: the details must be checked with the funder."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Programme and funder in both languages, normalised: what the financing guide's
    # search reads (ess_platform.kernel.searching), written on save; pg_trgm-indexed on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_text_fields = ("programme_ar", "programme_fr", "funder_ar", "funder_fr")

    class Meta:
        ordering = ["programme"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="funding_updated_at_id"),
        ]

    def __str__(self):
        return self.programme

    def clean(self):
        super().clean()
        if (self.amount_min is not None and self.amount_max is not None
                and self.amount_min > self.amount_max):
            raise ValidationError(
                {"amount_max": _("The maximum cannot be lower than the minimum.")})


class Partner(StoredSearchText, models.Model):
    """A potential partner of project holders: public body, council, donor, bank..."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        REGIONAL_COUNCIL = "regional_council", _("Regional council")
        DONOR = "donor", _("Development agency or donor")
        FINANCE = "finance", _("Bank or micro-finance")
        SUPPORT = "support", _("Support organisation or incubator")
        TRAINING = "training", _("Training or research")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    regions = models.ManyToManyField("regional_hubs.Region", verbose_name=_("regions"),
                                     blank=True, related_name="partners",
                                     help_text=_("Leave empty for the whole country."))
    services = models.TextField(_("services"))
    email = models.EmailField(_("e-mail"), blank=True)
    # Kept as typed (the pages show it so), checked by the one phone rule on every form,
    # admin and API write (see ess_platform.kernel.phones).
    phone = models.CharField(_("phone"), max_length=30, blank=True,
                             validators=[phone_validator])
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Names and services in both languages, normalised: what the partners' search reads
    # (ess_platform.kernel.searching), written on save; pg_trgm-indexed on PostgreSQL.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_text_fields = ("name_ar", "name_fr", "services_ar", "services_fr")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            # The change feed's order (?updated_since=, partners/feed.py).
            models.Index(fields=["updated_at", "id"], name="partner_updated_at_id"),
        ]

    def __str__(self):
        return self.name


class Programme(RegionOwned, models.Model):
    """An accompaniment programme of a hub or desk: an incubation cohort, a training..."""

    region_lookup = "hub__region"
    public_rows = models.Q()

    class Kind(models.TextChoices):
        INCUBATION = "incubation", _("Incubation cohort")
        TRAINING = "training", _("Training")

    hub = models.ForeignKey("regional_hubs.RegionalHub", verbose_name=_("hub or desk"),
                            on_delete=models.PROTECT, related_name="programmes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices,
                            default=Kind.INCUBATION)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"), default=10,
                                           validators=[MinValueValidator(1)],
                                           help_text=_("How many ideas it can enrol."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("accompaniment programme")
        verbose_name_plural = _("accompaniment programmes")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="programme_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A programme cannot end before it starts.")})


class Enrolment(RegionOwned, models.Model):
    """An idea enrolled in a programme: who enrolled it, when."""

    region_lookup = "programme__hub__region"
    public_rows = models.Q(idea__status__in=ProjectIdea.PUBLISHED_STATUSES)
    owner_lookup = "idea__author"

    programme = models.ForeignKey(Programme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="enrolments")
    idea = models.ForeignKey(ProjectIdea, verbose_name=_("idea"), on_delete=models.CASCADE,
                             related_name="enrolments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["enrolled_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["programme", "idea"], name="enrolment_once"),
        ]

    def __str__(self):
        return f"{self.idea} – {self.programme}"


class ProgrammeMilestone(RegionOwned, models.Model):
    """A follow-up step of a programme (a session, a visit, a deliverable), due and done."""

    region_lookup = "programme__hub__region"
    public_rows = models.Q()

    programme = models.ForeignKey(Programme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up milestone")
        verbose_name_plural = _("follow-up milestones")

    def __str__(self):
        return self.title


class IdeaOutcome(RegionOwned, models.Model):
    """What an idea actually produced once its cooperative exists (a dated record)."""

    region_lookup = "idea__region"
    public_rows = models.Q(idea__status__in=ProjectIdea.PUBLISHED_STATUSES)
    owner_lookup = "idea__author"

    idea = models.ForeignKey(ProjectIdea, verbose_name=_("idea"), on_delete=models.CASCADE,
                             related_name="outcomes")
    recorded_on = models.DateField(_("date of the figures"))
    jobs_created = models.PositiveIntegerField(_("jobs created"),
                                               validators=[MaxValueValidator(100_000)])
    members = models.PositiveIntegerField(_("members"), validators=[MaxValueValidator(100_000)])
    women_members = models.PositiveIntegerField(_("women members"), default=0)
    youth_members = models.PositiveIntegerField(_("young members"), default=0,
                                                help_text=_("Members aged 18 to 35."))
    note = models.TextField(_("note"), blank=True,
                            validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_on", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women_members__lte=models.F("members"))
                & models.Q(youth_members__lte=models.F("members")),
                name="outcome_member_counts_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.idea}: {self.jobs_created}"

    def clean(self):
        super().clean()
        errors = {}
        if self.women_members is not None and self.members is not None \
                and self.women_members > self.members:
            errors["women_members"] = _("Women members cannot exceed the members.")
        if self.youth_members is not None and self.members is not None \
                and self.youth_members > self.members:
            errors["youth_members"] = _("Young members cannot exceed the members.")
        if errors:
            raise ValidationError(errors)


# Every change on record (ess_platform/history). The status history of an idea is kept
# by IdeaStatusChange; its record here adds the other fields.
for _model in (ProjectIdea, Call, Criterion, JuryAssignment, Evaluation, Score, EconomicModel,
               Programme, Enrolment, ProgrammeMilestone, IdeaOutcome):
    track(_model, exclude=("submission_token",))
track(FundingSource, m2m=("sectors", "regions"))
track(Partner, m2m=("regions",))
