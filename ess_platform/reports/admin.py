from django.contrib import admin

from regional_hubs.admin_scoping import ReadOnlyAdmin, RegionScopedAdmin

from .models import Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    """Read-only follow-up of report builds and their errors, scoped by region.

    National reports (no region) are seen by national administrators only; the files are
    served by the reports page to their requester, never here.
    """

    delegate_can_edit = False
    list_display = ["__str__", "requester", "language", "status", "progress", "attempts",
                    "created_at", "finished_at"]
    list_filter = ["status", "language", "region"]
    list_select_related = ["region", "requester"]
    search_fields = ["requester__username", "error"]
    readonly_fields = ["requester", "region", "period_start", "period_end", "language",
                       "status", "progress", "step", "error", "attempts", "created_at",
                       "started_at", "finished_at", "expires_at"]
    exclude = ["data", "pdf", "xlsx", "csv_zip"]
