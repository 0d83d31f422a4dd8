from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from ess_platform.kernel.exports import csv_response
from ess_platform.kernel.uploads import ImageUploadField, validate_image
from ess_platform.users.admin_fields import AccountField
from regional_hubs.admin_scoping import (
    ReferenceDataAdmin,
    RegionScopedAdmin,
    RegionScopedInline,
)
from regional_hubs.scoping import is_delegate, is_national_admin, scope_queryset

from . import services
from .exports import export_response
from .forms import ImportUploadForm
from .importer import OUTCOMES, SpreadsheetError, preview, reason_text
from .models import (
    Certification,
    Cooperative,
    CooperativeMembership,
    ImportJob,
    Product,
    Sector,
)
from .selectors import SEARCH_FACETS


@admin.register(Sector)
class SectorAdmin(ReferenceDataAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["slug", "name_ar", "name_fr"]


class ProductAdminForm(forms.ModelForm):
    photo = ImageUploadField(label=_("photo"), required=False, validators=[validate_image])

    class Meta:
        model = Product
        fields = ["name", "description", "price", "unit", "availability", "photo"]


class ProductInline(RegionScopedInline, TranslationTabularInline):
    model = Product
    form = ProductAdminForm
    extra = 0
    fields = ["name", "description", "price", "unit", "availability", "photo"]


class CertificationInline(RegionScopedInline, admin.TabularInline):
    model = Certification
    extra = 0
    fields = ["kind", "title", "reference", "issued_by", "valid_until"]


class MembershipForm(forms.ModelForm):
    # Not a raw-id popup nor an autocomplete: either would list every account to a delegate.
    user = AccountField(label=_("user"),
                        help_text=_("E-mail, phone or username of the member's account."))

    class Meta:
        model = CooperativeMembership
        fields = ["user", "role"]


class MembershipInline(RegionScopedInline, admin.TabularInline):
    model = CooperativeMembership
    form = MembershipForm
    extra = 0


@admin.register(Cooperative)
class CooperativeAdmin(NormalisedSearchAdminMixin, RegionScopedAdmin, TranslationAdmin):
    list_display = ["name", "registration_number", "sector", "commune", "region",
                    "women_led", "youth_led", "is_published"]
    list_filter = ["region", "sector", "women_led", "youth_led", "is_published", "legal_form"]
    list_select_related = ["sector", "commune", "region"]
    search_fields = ["registration_number", "name_ar", "name_fr"]
    # Searched like the public directory (cooperatives/selectors.py): "Tiznit" or "تيزنيت"
    # finds the cooperatives of that place, whatever their names say.
    normalised_search_column = "search_text"
    normalised_search_facets = SEARCH_FACETS
    autocomplete_fields = ["commune"]
    inlines = [ProductInline, CertificationInline, MembershipInline]
    actions = ["export_csv", "export_xlsx"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sector", "commune", "province",
                                                            "region")

    def save_model(self, request, obj, form, change):
        if obj.commune_id:
            # The region decides the permission check: take it from the chosen commune.
            obj.province_id = obj.commune.province_id
            obj.region_id = obj.commune.province.region_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Product:
            return super().save_formset(request, form, formset, change)
        for product in formset.save(commit=False):
            changed = next((f.changed_data for f in formset.forms if f.instance is product), [])
            services.save_product(product=product, photo_changed="photo" in changed)
        for product in formset.deleted_objects:
            services.delete_product(product=product)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_search_text(cooperative_ids=[form.instance.pk])

    @admin.action(description=_("Export the selected cooperatives (CSV)"))
    def export_csv(self, request, queryset):
        return export_response(queryset.select_related("sector", "commune", "province",
                                                       "region").order_by("name", "pk"), "csv")

    @admin.action(description=_("Export the selected cooperatives (Excel)"))
    def export_xlsx(self, request, queryset):
        return export_response(queryset.select_related("sector", "commune", "province",
                                                       "region").order_by("name", "pk"), "xlsx")

    # ------------------------------------------------------------ spreadsheet import

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="cooperatives_import"),
            path("import/<int:job_id>/", wrap(self.import_preview_view),
                 name="cooperatives_import_preview"),
            path("import/<int:job_id>/progress/", wrap(self.import_progress_view),
                 name="cooperatives_import_progress"),
            path("import/<int:job_id>/status.json", wrap(self.import_status_view),
                 name="cooperatives_import_status"),
            path("import/<int:job_id>/report.csv", wrap(self.import_report_view),
                 name="cooperatives_import_report"),
            *super().get_urls(),
        ]

    def _check_import_permission(self, request):
        if not (is_national_admin(request.user) or (
                is_delegate(request.user) and self.has_add_permission(request))):
            raise PermissionDenied

    def _job(self, request, job_id):
        self._check_import_permission(request)
        return get_object_or_404(scope_queryset(ImportJob.objects.all(), request.user),
                                 pk=job_id)

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        self._check_import_permission(request)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = services.create_import_job(user=request.user,
                                             upload=form.cleaned_data["file"])
            return redirect("admin:cooperatives_import_preview", job_id=job.pk)
        jobs = scope_queryset(ImportJob.objects.select_related("created_by"),
                              request.user)[:10]
        return TemplateResponse(request, "admin/cooperatives/import_form.html",
                                self._context(request, form=form, jobs=jobs,
                                              title=gettext("Import cooperatives")))

    def import_preview_view(self, request, job_id):
        job = self._job(request, job_id)
        if job.status != ImportJob.Status.DRAFT:
            return redirect("admin:cooperatives_import_progress", job_id=job.pk)
        if request.method == "POST":
            services.confirm_import_job(job=job)
            return redirect("admin:cooperatives_import_progress", job_id=job.pk)
        error, result = None, None
        try:
            with job.file.open("rb") as fileobj:
                result = preview(fileobj, job.original_name, region_id=job.region_id)
        except SpreadsheetError as exc:
            error = str(exc)
        if result and result["missing"]:
            labels = {"registration_number": gettext("registration number"),
                      "sector": gettext("sector"), "commune": gettext("commune"),
                      "name_ar": gettext("name")}
            error = gettext("Required columns are missing: %(columns)s.") % {
                "columns": ", ".join(labels[m] for m in result["missing"])}
        return TemplateResponse(request, "admin/cooperatives/import_preview.html",
                                self._context(request, job=job, preview=result, error=error,
                                              title=gettext("Check the import")))

    def import_progress_view(self, request, job_id):
        job = self._job(request, job_id)
        rejected = [
            {**entry, "reason_text": reason_text(entry)}
            for entry in job.report if entry.get("outcome") == "rejected"
        ]
        page = Paginator(rejected, 200).get_page(request.GET.get("page"))
        return TemplateResponse(request, "admin/cooperatives/import_progress.html",
                                self._context(request, job=job, rejected_page=page,
                                              title=gettext("Import progress")))

    def import_status_view(self, request, job_id):
        job = self._job(request, job_id)
        return JsonResponse({
            "status": job.status, "status_label": job.get_status_display(),
            "finished": job.is_finished, "percent": job.progress_percent,
            "total": job.total_rows, "processed": job.processed_rows,
            "created": job.created_count, "updated": job.updated_count,
            "rejected": job.rejected_count,
        })

    def import_report_view(self, request, job_id):
        job = self._job(request, job_id)
        header = [gettext("Row"), gettext("Registration number"), gettext("Result"),
                  gettext("Reason")]
        rows = ([entry["row"], entry.get("registration_number", ""),
                 str(OUTCOMES.get(entry["outcome"], entry["outcome"])), reason_text(entry)]
                for entry in job.report)
        return csv_response(f"import-{job.pk}-report.csv", header, rows)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_import"] = is_national_admin(request.user) or (
            is_delegate(request.user) and self.has_add_permission(request))
        return super().changelist_view(request, extra_context)


@admin.register(ImportJob)
class ImportJobAdmin(RegionScopedAdmin):
    list_display = ["original_name", "status", "region", "created_by", "created_at",
                    "created_count", "updated_count", "rejected_count"]
    list_filter = ["status"]
    list_select_related = ["region", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        return redirect("admin:cooperatives_import_progress", job_id=job.pk)

