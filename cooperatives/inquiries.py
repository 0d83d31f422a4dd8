""""Ask the cooperative": a visitor's question, checked and sent once to the managers.

The message goes through ``ess_platform.kernel.notifications.notify`` (inbox, and e-mail or SMS as
each manager chose), one notification per manager keyed on the inquiry, so a retried
request or a form posted twice (same form token) sends nothing more. A cooperative without
a manager account is written to at its public e-mail address, when it has one.

Sending is limited per client address (INQUIRY_PER_IP messages in INQUIRY_IP_WINDOW
seconds) and per sender (INQUIRY_PER_SENDER in INQUIRY_SENDER_WINDOW: the account, else
the e-mail or phone given), counted in the database so every web node sees the same
counts; the same text sent again to the same cooperative within a day is refused. Spam
checks on the text itself (honeypot, links) live in the form (forms.InquiryForm).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ess_platform.kernel.notifications.services import notify

from .models import Cooperative, CooperativeMembership, Inquiry

DUPLICATE_WINDOW = timedelta(days=1)


def _setting(name, default):
    return int(getattr(settings, name, default))


class InquiryRefused(Exception):
    """The message was not sent; ``str()`` says why in the active language. ``status`` is
    the HTTP status the page answers with (429 for a rate limit)."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.status = status


def managers_of(cooperative):
    """The active accounts that manage the cooperative, the people a question reaches."""
    return get_user_model().objects.filter(
        is_active=True,
        cooperative_memberships__cooperative=cooperative,
        cooperative_memberships__role=CooperativeMembership.Role.MANAGER,
    ).order_by("pk").distinct()


def can_receive(cooperative):
    """Does a question to this cooperative reach someone (a manager, else its e-mail)?"""
    return bool(cooperative.email) or managers_of(cooperative).exists()


def _wait_minutes(queryset, limit, window, now):
    """Minutes until one more message is allowed, or 0 when it is allowed now."""
    recent = list(queryset.filter(created_at__gt=now - timedelta(seconds=window))
                  .order_by("-created_at").values_list("created_at", flat=True)[:limit])
    if len(recent) < limit:
        return 0
    free_at = recent[-1] + timedelta(seconds=window)
    return max(1, -(-int((free_at - now).total_seconds()) // 60))


def _sender_rows(*, sender, email, phone):
    if sender is not None:
        return Q(sender=sender)
    rows = Q(pk__in=[])
    if email:
        rows |= Q(email__iexact=email)
    if phone:
        rows |= Q(phone=phone)
    return rows


def _check_limits(*, cooperative, sender, email, phone, client_ip, message, now):
    inquiries = Inquiry.objects.unscoped()
    mine = _sender_rows(sender=sender, email=email, phone=phone)
    if client_ip:
        mine |= Q(client_ip=client_ip)
    if inquiries.filter(mine, cooperative=cooperative, message=message,
                        created_at__gt=now - DUPLICATE_WINDOW).exists():
        raise InquiryRefused(_("You already sent this message to this cooperative."))
    wait = max(
        _wait_minutes(inquiries.filter(client_ip=client_ip), _setting("INQUIRY_PER_IP", 5),
                      _setting("INQUIRY_IP_WINDOW", 60 * 60), now) if client_ip else 0,
        _wait_minutes(inquiries.filter(_sender_rows(sender=sender, email=email, phone=phone)),
                      _setting("INQUIRY_PER_SENDER", 3),
                      _setting("INQUIRY_SENDER_WINDOW", 60 * 60), now),
    )
    if wait:
        raise InquiryRefused(ngettext(
            "Too many messages were sent from your connection or by you. Try again in "
            "%(minutes)s minute.",
            "Too many messages were sent from your connection or by you. Try again in "
            "%(minutes)s minutes.", wait) % {"minutes": wait}, status=429)


def ask_cooperative(*, cooperative, token, name, message, email="", phone="", product=None,
                    sender=None, client_ip=None):
    """Record a question to a published cooperative and notify its managers, once.

    ``token`` is the form's one-time token: posting the same form again returns the first
    inquiry and sends nothing. Raises InquiryRefused (rate limits, a repeated text, nobody
    to reach).
    """
    existing = Inquiry.objects.unscoped().filter(token=token).first()
    if existing is not None:
        return existing
    now = timezone.now()
    with transaction.atomic():
        # One sender at a time per cooperative: the counts below stay true under a burst.
        cooperative = Cooperative.objects.unscoped().select_for_update().get(pk=cooperative.pk)
        existing = Inquiry.objects.unscoped().filter(token=token).first()
        if existing is not None:
            return existing
        managers = list(managers_of(cooperative))
        if not managers and not cooperative.email:
            raise InquiryRefused(_("This cooperative cannot receive messages on the site yet."))
        _check_limits(cooperative=cooperative, sender=sender, email=email, phone=phone,
                      client_ip=client_ip, message=message, now=now)
        inquiry = Inquiry.objects.create(
            cooperative=cooperative, product=product, sender=sender, name=name, email=email,
            phone=phone, message=message, client_ip=client_ip, token=token)
        context = {"inquiry": inquiry, "cooperative": cooperative, "product": product}
        for manager in managers:
            language = manager.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                url = reverse("cooperatives:manage", kwargs={"pk": cooperative.pk})
            notify(kind="cooperative_inquiry", key=f"inquiry:{inquiry.pk}:manager:{manager.pk}",
                   user=manager, language=language, url=url, context=context)
        if not managers:
            language = settings.LANGUAGE_CODE
            with translation.override(language):
                url = cooperative.get_absolute_url()
            notify(kind="cooperative_inquiry", key=f"inquiry:{inquiry.pk}:email",
                   email=cooperative.email, language=language, url=url, context=context,
                   channels=["email"])
    return inquiry


def received_inquiries(cooperative, limit=20):
    """The latest questions a cooperative received (for its managers' page)."""
    return list(cooperative.inquiries.select_related("product").order_by("-created_at", "-pk")
                [:limit])
