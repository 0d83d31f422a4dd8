from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.admin_search import NormalisedSearchAdminMixin
from regional_hubs.admin_scoping import ReadOnlyAdmin, RegionScopedAdmin

from .display import change_lines, change_summary
from .models import ChangeRecord

# django-auditlog registers its own admin for the record model: ours replaces it.
if admin.site.is_registered(ChangeRecord):
    admin.site.unregister(ChangeRecord)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin, NormalisedSearchAdminMixin, RegionScopedAdmin):
    """Who changed what, when, with the old and new values; a delegate reads their region's."""

    delegate_can_edit = False
    list_display = ["timestamp", "changed_by", "action", "object_type", "object_link",
                    "summary"]
    list_filter = ["action", "content_type", "region"]
    list_select_related = ["actor", "content_type", "region"]
    search_fields = ["object_repr"]
    date_hierarchy = "timestamp"
    fields = ["timestamp", "changed_by", "action", "object_type", "object_link", "region",
              "changes_table"]
    readonly_fields = fields
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("changed by"), ordering="actor")
    def changed_by(self, record):
        if record.actor is None:
            return record.actor_email or "—"
        return record.actor.get_full_name() or record.actor.get_username()

    @admin.display(description=_("object type"), ordering="content_type")
    def object_type(self, record):
        model = record.content_type.model_class()
        return model._meta.verbose_name if model else record.content_type.model

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, record):
        if record.action != ChangeRecord.Action.DELETE:
            try:
                url = reverse(f"admin:{record.content_type.app_label}_"
                              f"{record.content_type.model}_change", args=[record.object_pk])
            except NoReverseMatch:
                url = None
            if url:
                return format_html('<a href="{}">{}</a>', url, record.object_repr)
        return record.object_repr

    @admin.display(description=_("what changed"))
    def summary(self, record):
        return change_summary(record)

    @admin.display(description=_("what changed"))
    def changes_table(self, record):
        lines = change_lines(record)
        if not lines:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("field"), _("before"), _("after"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", lines))
