from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ess_platform.kernel.redirects import is_safe_url, safe_next_url

from . import selectors, services
from .channels import optional_channels
from .forms import PreferenceForm
from .models import Notification
from .rendering import inbox_entries, path_in

PAGE_SIZE = 20


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).only(
        "pk", "kind", "language", "params", "subject", "url", "created_at", "read_at"
    )
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page,
        # Written in the page's language, whatever language it was made in.
        "entries": inbox_entries(page.object_list, get_language()),
        "unread_only": bool(request.GET.get("unread")),
        "unread": selectors.unread_count(request.user),
    })


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if request.POST.get("open") and is_safe_url(request, notification.url):
        return redirect(path_in(notification.url, get_language()))
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    current = selectors.chosen_channels(request.user)
    form = PreferenceForm(request.POST or None, user=request.user,
                          initial={"channels": current})
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user=request.user, channels=form.cleaned_data["channels"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "channels": optional_channels(),
    })


def _back(request):
    return safe_next_url(request, default="notifications:inbox")
