"""The member page "API keys": ask for a key, see it once, rotate or revoke it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiKeyRequestForm
from .models import ApiKey, ApiKeyUsage

USAGE_DAYS = 7


@login_required
def api_keys(request):
    form = ApiKeyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_key(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "partners/api_keys.html", _page(request.user, form))
        messages.success(request, _("Your request is sent; a national administrator will "
                                    "review it and you will be notified."))
        return redirect("partners:api_keys")
    return render(request, "partners/api_keys.html", _page(request.user, form))


def _page(user, form, shown=None):
    keys = list(ApiKey.objects.filter(owner=user))
    since = timezone.localdate() - timedelta(days=USAGE_DAYS - 1)
    usage = {}
    for row in ApiKeyUsage.objects.filter(key__owner=user, day__gte=since).order_by("-day"):
        usage.setdefault(row.key_id, []).append(row)
    for key in keys:
        key.recent_usage = usage.get(key.pk, [])
        key.recent_total = sum(row.requests for row in key.recent_usage)
    return {"form": form, "keys": keys, "shown": shown, "usage_days": USAGE_DAYS}


@never_cache
@login_required
@require_POST
def show_key(request, pk):
    """Show an approved key, or rotate an active one: the secret appears on this answer
    only (never stored in clear, never in a redirect)."""
    key = get_object_or_404(ApiKey, pk=pk, owner=request.user)
    try:
        secret = services.issue_key(key=key, owner=request.user)
    except ValidationError:
        messages.error(request, _("This key cannot be shown."))
        return redirect("partners:api_keys")
    key.refresh_from_db()
    response = render(request, "partners/api_keys.html",
                      _page(request.user, ApiKeyRequestForm(), shown={"key": key,
                                                                      "secret": secret}))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_key(request, pk):
    key = get_object_or_404(ApiKey, pk=pk, owner=request.user)
    if services.revoke_key(key=key, by=request.user):
        messages.success(request, _("The key is revoked: it no longer works."))
    return redirect("partners:api_keys")
