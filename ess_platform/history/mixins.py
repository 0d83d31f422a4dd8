"""The object history page of every admin: its change records, old → new, in words."""

from django.contrib.admin.utils import unquote

from .display import change_lines


def records_for(obj, user):
    """The change records of one object that ``user`` may read, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    from .models import ChangeRecord

    content_type = ContentType.objects.get_for_model(type(obj))
    return (ChangeRecord.objects.managed_by(user)
            .filter(content_type=content_type, object_pk=str(obj.pk))
            .select_related("actor", "content_type").order_by("timestamp", "pk"))


class ChangeHistoryAdminMixin:
    """The object's history page shows its change records (old → new, in words), whatever
    changed it: the admin, the site, the API or a task."""

    object_history_template = "history/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        records = []
        if obj is not None and self.has_view_or_change_permission(request, obj):
            records = [(record, change_lines(record))
                       for record in records_for(obj, request.user)[:500]]
        return super().history_view(request, object_id, extra_context={
            "change_records": records, **(extra_context or {})})
