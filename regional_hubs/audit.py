"""The audit trail of admin changes: Django's LogEntry rows, scoped by region.

The admin writes a LogEntry for every addition, change and deletion. A national
administrator reads them all; a delegate reads the entries about objects of their region
(found through each model's ``region_lookup``) and the entries they wrote themselves;
anyone else reads none. Entries about deleted objects of other people stay national.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from .scoping import is_delegate, is_national_admin, is_region_scoped, scope_queryset


def region_scoped_models():
    from django.apps import apps

    return [model for model in apps.get_models() if is_region_scoped(model)]


def scope_log_entries(queryset, user):
    """Narrow a LogEntry queryset to the entries this user may read."""
    if is_national_admin(user):
        return queryset
    if not is_delegate(user):
        return queryset.none()
    models = region_scoped_models()
    content_types = ContentType.objects.get_for_models(*models)
    condition = Q(user=user)
    for model in models:
        in_region = scope_queryset(model._default_manager.all(), user).annotate(
            pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(content_type=content_types[model], object_id__in=in_region)
    return queryset.filter(condition)


def log_entries_for(user):
    return scope_log_entries(
        LogEntry.objects.select_related("user", "content_type").order_by("-action_time"), user)
