"""The audit trail of admin changes: Django's LogEntry rows, scoped by region.

The admin writes a LogEntry for every addition, change and deletion. A national
administrator reads them all; a delegate reads the entries about objects that are in
their region now (found through each model's ``region_lookup``) and the deletions they
made themselves (a deleted object has no region left to ask); anyone else reads none.
What a delegate wrote about an object that has since moved to another region, or before
they were moved to another region, is no longer theirs to read; entries about other
deleted objects stay national.
"""

from django.contrib.admin.models import DELETION
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
    # The admin records proxies under their own content type.
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    condition = Q(user=user, action_flag=DELETION)
    for model in models:
        in_region = scope_queryset(model._default_manager.all(), user).annotate(
            pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(content_type=content_types[model], object_id__in=in_region)
    return queryset.filter(condition)
