"""Review of ideas and management of calls, scoped by region; reference data nationally.

Every status change goes through ``projects_bank.services``: the admin only offers actions.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cooperatives.models import Cooperative
from ess_platform.kernel.admin_actions import apply_to_each
from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from ess_platform.users.admin_fields import AccountField
from regional_hubs.admin_scoping import (
    ReadOnlyAdmin,
    ReferenceDataAdmin,
    RegionScopedAdmin,
    RegionScopedInline,
    ScopedInlineFormSet,
)
from regional_hubs.scoping import is_national_admin, scope_queryset

from . import services
from .forms import CooperativeCreatedForm, RejectForm
from .models import (
    Call,
    Criterion,
    EconomicModel,
    Enrolment,
    FundingSource,
    IdeaOutcome,
    IdeaStatusChange,
    JuryAssignment,
    Partner,
    Programme,
    ProgrammeMilestone,
    ProjectIdea,
    RankingEntry,
)


def _apply(modeladmin, request, queryset, service, *, on="idea", **kwargs):
    """Run ``service(<on>=item, by=the admin, **kwargs)`` on each selected item."""
    apply_to_each(modeladmin, request, queryset,
                  lambda item: service(**{on: item}, by=request.user, **kwargs))


def _intermediate(modeladmin, request, queryset, form, title, action):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/projects_bank/action_form.html", context)


class StatusChangeInline(ReadOnlyAdmin, RegionScopedInline, admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(NormalisedSearchAdminMixin, RegionScopedAdmin):
    list_display = ["title", "status", "sector", "region", "call", "submitted_at"]
    list_filter = ["status", "sector", "language"]
    list_select_related = ["sector", "region", "call"]
    search_fields = ["title", "summary"]
    # Searched like the public list (search_text, projects_bank/selectors.py).
    normalised_search_column = "search_text"
    date_hierarchy = "created_at"
    readonly_fields = [
        "author", "language", "title", "summary", "need_addressed", "commune", "province",
        "region", "sector", "expected_members", "expected_women", "expected_youth",
        "estimated_budget", "expected_jobs", "photo_link", "document_link", "cooperative",
        "call", "status", "rejection_reason", "incubation_hub", "founded_cooperative",
        "submitted_at", "created_at", "updated_at",
    ]
    fields = readonly_fields
    actions = ["start_review", "shortlist", "accept", "reject", "incubate",
               "mark_cooperative_created"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nobody, national administrators included: an idea is rejected, not deleted; its
        # journey (status changes, scores, rankings, outcomes) stays on record.
        return False

    def get_inlines(self, request, obj):
        return [StatusChangeInline, OutcomeInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Read-only: the moves are the actions and the desk's buttons, not a Save.
        extra_context = {**(extra_context or {}), "show_save": False,
                         "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, extra_context)

    def _file_link(self, idea, field):
        # The files are private: link to the download view, which checks permissions.
        if not getattr(idea, field):
            return "-"
        url = reverse(f"projects_bank:idea-{field}", kwargs={"pk": idea.pk})
        return format_html('<a href="{}">{}</a>', url,
                           getattr(idea, f"{field}_name") or _("Download"))

    @admin.display(description=_("photo"))
    def photo_link(self, idea):
        return self._file_link(idea, "photo")

    @admin.display(description=_("document (PDF)"))
    def document_link(self, idea):
        return self._file_link(idea, "document")

    @admin.action(description=_("Start the review"))
    def start_review(self, request, queryset):
        _apply(self, request, queryset, services.start_review)

    @admin.action(description=_("Shortlist for the jury"))
    def shortlist(self, request, queryset):
        _apply(self, request, queryset, services.shortlist)

    @admin.action(description=_("Accept"))
    def accept(self, request, queryset):
        _apply(self, request, queryset, services.accept)

    @admin.action(description=_("Incubate at the region's hub or desk"))
    def incubate(self, request, queryset):
        _apply(self, request, queryset, services.incubate)

    @admin.action(description=_("Reject, with a reason"))
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            _apply(self, request, queryset, services.reject,
                   reason=form.cleaned_data["reason"])
            return None
        return _intermediate(self, request, queryset, form, _("Reject ideas"), "reject")

    @admin.action(description=_("Mark the cooperative as created"))
    def mark_cooperative_created(self, request, queryset):
        cooperatives = scope_queryset(Cooperative.objects.order_by("name"), request.user)
        form = CooperativeCreatedForm(request.POST if "apply" in request.POST else None,
                                      queryset=cooperatives)
        if form.is_bound and form.is_valid():
            _apply(self, request, queryset, services.mark_cooperative_created,
                   cooperative=form.cleaned_data["cooperative"])
            return None
        return _intermediate(self, request, queryset, form, _("Cooperative created"),
                             "mark_cooperative_created")


class CriterionFormSet(ScopedInlineFormSet):
    """Criteria are locked once the jury has scored (the model's rule, asked up front so
    a deletion is refused with the message rather than failing)."""

    def clean(self):
        # Before the admin's own check of protected deletions (in super().clean()), so
        # the reason given is the rule itself. has_changed() covers a new row, an edited
        # one and one marked for deletion.
        if self.instance.pk and any(form.has_changed() for form in self.forms):
            Criterion(call=self.instance)._refuse_once_scored()
        super().clean()


class CriterionInline(RegionScopedInline, TranslationTabularInline):
    model = Criterion
    formset = CriterionFormSet
    extra = 0
    fields = ["name", "weight", "position"]


class JurorField(AccountField):
    """A juror given by e-mail, phone or username (delegates cannot browse accounts)."""


class JuryAssignmentForm(forms.ModelForm):
    juror = JurorField(label=_("juror"), max_length=254,
                       help_text=_("E-mail, phone or username of the juror's account."))

    class Meta:
        model = JuryAssignment
        fields = ["juror"]


class JuryAssignmentFormSet(ScopedInlineFormSet):
    """The jury changes through the services; their refusals show on the form."""

    def clean(self):
        super().clean()
        refusals = []
        for form in self.forms:
            if form.instance.pk is None:
                continue
            current = JuryAssignment.objects.unscoped().get(pk=form.instance.pk)
            juror = getattr(form, "cleaned_data", {}).get("juror")
            leaving = form in self.deleted_forms or (
                juror is not None and juror.pk != current.juror_id)
            if leaving:
                try:
                    services.check_juror_removable(assignment=current)
                except ValidationError as error:
                    refusals.extend(error.messages)
        if refusals:
            raise ValidationError(list(dict.fromkeys(refusals)))


class JuryAssignmentInline(RegionScopedInline, admin.TabularInline):
    model = JuryAssignment
    form = JuryAssignmentForm
    formset = JuryAssignmentFormSet
    extra = 1
    fields = ["juror", "assigned_at"]
    readonly_fields = ["assigned_at"]


class RankingInline(ReadOnlyAdmin, RegionScopedInline, admin.TabularInline):
    model = RankingEntry
    extra = 0
    fields = ["rank", "idea", "weighted_score", "top_criterion_score", "evaluations_count"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("idea")


@admin.register(Call)
class CallAdmin(RegionScopedAdmin, TranslationAdmin):
    """Calls of a region; a national call (no region) belongs to national admins only."""

    list_display = ["title", "region", "status", "opens_on", "closes_at", "judging_ends_at"]
    list_filter = ["status"]
    list_select_related = ["region"]
    search_fields = ["title_ar", "title_fr", "slug"]
    prepopulated_fields = {"slug": ("title_fr",)}
    readonly_fields = ["status", "ranking_published_at"]
    inlines = [CriterionInline, JuryAssignmentInline, RankingInline]
    actions = ["open_call", "close_submissions", "close_call"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "region" in form.base_fields and not is_national_admin(request.user):
            form.base_fields["region"].required = True
            form.base_fields["region"].help_text = ""
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.add_default_criteria(call=form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not JuryAssignment:
            return super().save_formset(request, form, formset, change)
        # Only through the services: assign_juror, replace_juror and remove_juror.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.remove_juror(assignment=obj, by=request.user)
        for assignment in instances:
            if assignment.pk:
                current = JuryAssignment.objects.unscoped().get(pk=assignment.pk)
                services.replace_juror(assignment=current, juror=assignment.juror, by=request.user)
            else:
                services.assign_juror(call=form.instance, juror=assignment.juror,
                                      by=request.user)
        return None

    @admin.action(description=_("Open for ideas"))
    def open_call(self, request, queryset):
        _apply(self, request, queryset, services.open_call, on="call")

    @admin.action(description=_("Close to new ideas (the jury keeps scoring)"))
    def close_submissions(self, request, queryset):
        _apply(self, request, queryset, services.close_submissions, on="call")

    @admin.action(description=_("Close and publish the ranking"))
    def close_call(self, request, queryset):
        _apply(self, request, queryset, services.close_call, on="call")


@admin.register(EconomicModel)
class EconomicModelAdmin(ReferenceDataAdmin, TranslationAdmin):
    list_display = ["title", "sector", "investment", "break_even_months", "jobs"]
    list_filter = ["sector"]
    list_select_related = ["sector"]
    search_fields = ["title_ar", "title_fr"]
    prepopulated_fields = {"slug": ("title_fr",)}


@admin.register(FundingSource)
class FundingSourceAdmin(NormalisedSearchAdminMixin, ReferenceDataAdmin, TranslationAdmin):
    list_display = ["programme", "funder", "kind", "women_only", "youth_only", "is_example"]
    list_filter = ["kind", "is_example", "women_only", "youth_only"]
    search_fields = ["programme_ar", "programme_fr", "funder_ar", "funder_fr"]
    # Searched like the public list (search_text, projects_bank/selectors.py).
    normalised_search_column = "search_text"
    filter_horizontal = ["sectors", "regions"]
    prepopulated_fields = {"slug": ("programme_fr",)}


@admin.register(Partner)
class PartnerAdmin(NormalisedSearchAdminMixin, ReferenceDataAdmin, TranslationAdmin):
    list_display = ["name", "kind", "email", "website"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_fr"]
    # Searched like the public list (search_text, projects_bank/selectors.py).
    normalised_search_column = "search_text"
    filter_horizontal = ["regions"]
    prepopulated_fields = {"slug": ("name_fr",)}


class OutcomeInline(ReadOnlyAdmin, RegionScopedInline, admin.TabularInline):
    """Outcomes are recorded at the desk (services.record_outcome); shown here."""

    model = IdeaOutcome
    extra = 0
    fields = ["recorded_on", "jobs_created", "members", "women_members", "youth_members",
              "note", "recorded_by", "recorded_at"]
    readonly_fields = fields


class ProgrammeMilestoneInline(RegionScopedInline, TranslationTabularInline):
    model = ProgrammeMilestone
    extra = 1
    fields = ["title", "due_on", "done_on"]


class EnrolmentInline(ReadOnlyAdmin, RegionScopedInline, admin.TabularInline):
    """Ideas are enrolled at the desk (services.incubate / enrol_idea); listed here."""

    model = Enrolment
    extra = 0
    fields = ["idea", "enrolled_by", "enrolled_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("idea", "enrolled_by")


@admin.register(Programme)
class ProgrammeAdmin(RegionScopedAdmin, TranslationAdmin):
    """Accompaniment programmes of a region's hub or desk."""

    list_display = ["title", "hub", "kind", "starts_on", "ends_on", "capacity"]
    list_filter = ["kind", "hub__region"]
    list_select_related = ["hub"]
    search_fields = ["title_ar", "title_fr"]
    inlines = [ProgrammeMilestoneInline, EnrolmentInline]
