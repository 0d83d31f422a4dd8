"""The admin's one way to run a service on each selected item."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def refusal_text(error):
    """Why a service refused an item, for a person."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(_("You may not manage this item."))


def apply_to_each(modeladmin, request, queryset, action, *, done_message=None):
    """Run ``action(item)`` on each selected item and say what was done and what refused.

    A refusal (ValidationError, PermissionDenied) is reported with its reason and does not
    stop the other items; an action that returns False had nothing to do and is not
    counted. ``done_message(count)`` gives the success text, with ``%(count)d`` in it.
    """
    done = 0
    for item in queryset:
        try:
            result = action(item)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(
                request, _("“%(item)s”: %(error)s") % {"item": item, "error": refusal_text(error)},
                messages.ERROR)
        else:
            done += result is not False
    if done:
        text = done_message(done) if done_message else _("%(count)d item(s) updated.")
        modeladmin.message_user(request, text % {"count": done}, messages.SUCCESS)
    return done
