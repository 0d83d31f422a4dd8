from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def inbox(request):
    """``notifications_unread`` (counted only if a template uses it) and the inbox link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_unread": SimpleLazyObject(lambda: unread_count(user)),
        "notifications_inbox_url": reverse("notifications:inbox"),
    }
