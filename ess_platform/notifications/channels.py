"""Delivery channels behind one interface.

A channel is a small class with a ``name``, a translated ``label``, ``reaches(notification)``
(can it reach this person at all?) and ``send(notification, idempotency_key=...)`` (raise
on failure, so the delivery is retried). The key is the same for every attempt of one
delivery: a provider that deduplicates on a client reference gets it, so a send repeated
after a crash is not delivered twice. SMTP has none; e-mail carries it as a stable
Message-ID instead (mailboxes that deduplicate show one copy). Kannel's ``sendsms`` has
none either: an SMS whose worker died mid-send may arrive twice.

The channels in use come from ``settings.NOTIFICATION_CHANNELS``; a gateway (SMS,
WhatsApp) is added with ``settings.NOTIFICATION_CHANNEL_CLASSES`` without touching any
caller of ``notify``.
"""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from . import conf

logger = logging.getLogger(__name__)


class Channel:
    name = ""
    label = ""
    help_text = ""
    #: False for channels that are always on (the in-site inbox).
    optional = True

    def reaches(self, notification):
        raise NotImplementedError

    def send(self, notification, *, idempotency_key=""):
        raise NotImplementedError


class InAppChannel(Channel):
    """The in-site inbox: the Notification row itself, marked read by its person."""

    name = "inapp"
    label = _("In-site inbox")
    help_text = _("Always on: every notification appears in your inbox.")
    optional = False

    def reaches(self, notification):
        return notification.recipient_id is not None

    def send(self, notification, *, idempotency_key=""):
        return None


class EmailChannel(Channel):
    name = "email"
    label = _("E-mail")
    help_text = _("Sent to the e-mail address of your profile.")

    def reaches(self, notification):
        return bool(notification.email)

    def send(self, notification, *, idempotency_key=""):
        body = notification.body
        headers = {"Message-ID": message_id(idempotency_key)} if idempotency_key else None
        message = EmailMessage(notification.subject, body, None, [notification.email],
                               headers=headers)
        message.send(fail_silently=False)


class ConsoleSMSChannel(Channel):
    """Stands in for an SMS gateway in development: the text goes to the log."""

    name = "sms_console"
    label = _("SMS")
    help_text = _("Sent to the phone number of your profile.")

    def reaches(self, notification):
        return bool(notification.phone)

    def send(self, notification, *, idempotency_key=""):
        # The whole text, as a gateway would send it: links (sign-up, unlock) included.
        logger.info("SMS to %s [%s]: %s\n%s", notification.phone, idempotency_key,
                    notification.subject, notification.body)


def message_id(idempotency_key):
    """A Message-ID that is the same at every attempt of one delivery.

    Not ``make_msgid``: it mixes in the time, a random number and the worker's host name.
    The domain is the sender's, the same on every worker.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{idempotency_key}@{domain}>"


BUILTIN = {cls.name: cls for cls in (InAppChannel, EmailChannel, ConsoleSMSChannel)}


def registry():
    """{name: channel instance} for the channels in use, in settings order."""
    classes = {**BUILTIN}
    for name, path in conf.channel_classes().items():
        classes[name] = import_string(path)
    found = {}
    for name in conf.channels():
        cls = classes.get(name)
        if cls is None:
            logger.error("Unknown notification channel %r in NOTIFICATION_CHANNELS", name)
            continue
        found[name] = cls()
    return found


def get_channel(name):
    return registry().get(name)


def optional_channels():
    return [channel for channel in registry().values() if channel.optional]
