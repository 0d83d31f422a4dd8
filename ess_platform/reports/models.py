import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.languages import InterfaceLanguage
from ess_platform.kernel.private_files import PrivateStorage
from ess_platform.kernel.storage import REPORTS, ConfiguredStorage
from regional_hubs.scoping import RegionOwned, RegionScopedQuerySet


def reports_root():
    """Where report files live: outside MEDIA_ROOT, so only the download view serves them."""
    root = getattr(settings, "REPORTS_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "reports"


class ReportStorage(PrivateStorage):
    """The private storage of report files on disk, under their own root."""

    @property
    def base_location(self):
        return str(reports_root())

    #: nginx is not told about this root: the download view streams report files.
    accel_prefix = None


def report_storage():
    """Report files: ReportStorage on disk, or the private bucket (see
    ess_platform/kernel/storage.py)."""
    return ConfiguredStorage(REPORTS)


class Report(RegionOwned, models.Model):
    """A regional or national report, built in the background into PDF, XLSX and CSV files."""

    region_lookup = "region"
    owner_lookup = "requester"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    Language = InterfaceLanguage

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                  on_delete=models.CASCADE, related_name="reports")
    region = models.ForeignKey("regional_hubs.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, null=True, blank=True,
                               related_name="reports",
                               help_text=_("Empty for a report on the whole country."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    language = models.CharField(_("language"), max_length=3, choices=Language.choices,
                                default=Language.ARABIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("current step"), max_length=40, blank=True)
    data = models.JSONField(_("collected figures"), default=dict, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), storage=report_storage, upload_to="pdf/%Y/%m/",
                           blank=True, max_length=255)
    xlsx = models.FileField(_("workbook"), storage=report_storage, upload_to="xlsx/%Y/%m/",
                            blank=True, max_length=255)
    csv_zip = models.FileField(_("CSV files"), storage=report_storage,
                               upload_to="csv/%Y/%m/", blank=True, max_length=255)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # ess_platform.kernel.jobs: the token of the current attempt (a message of an earlier one is
    # ignored) and the last sign of life of the run building it.
    attempt_token = models.UUIDField(_("attempt token"), default=uuid.uuid4, editable=False)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True,
                                        editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("files kept until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["requester", "created_at"]),
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="report_period_ordered"),
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="report_progress_percent"),
        ]

    def __str__(self):
        return f"{self.scope_label} {self.period_start}–{self.period_end}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("The period must end on or after the day it starts.")})

    @property
    def scope_label(self):
        return self.region.name if self.region_id else _("Whole country")

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    def files(self):
        """(kind, field file) for the files that exist."""
        return [(kind, getattr(self, kind)) for kind in ("pdf", "xlsx", "csv_zip")
                if getattr(self, kind)]
