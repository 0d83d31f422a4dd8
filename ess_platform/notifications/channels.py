"""Delivery channels behind one interface.

A channel is a small class with a ``name``, a translated ``label``, ``reaches(notification)``
(can it reach this person at all?) and ``send(notification)`` (raise on failure, so the
delivery is retried). The channels in use come from ``settings.NOTIFICATION_CHANNELS``; a
gateway (SMS, WhatsApp) is added with ``settings.NOTIFICATION_CHANNEL_CLASSES`` without
touching any caller of ``notify``.
"""

import logging

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

    def send(self, notification):
        raise NotImplementedError


class InAppChannel(Channel):
    """The in-site inbox: the Notification row itself, marked read by its person."""

    name = "inapp"
    label = _("In-site inbox")
    help_text = _("Always on: every notification appears in your inbox.")
    optional = False

    def reaches(self, notification):
        return notification.recipient_id is not None

    def send(self, notification):
        return None


class EmailChannel(Channel):
    name = "email"
    label = _("E-mail")
    help_text = _("Sent to the e-mail address of your profile.")

    def reaches(self, notification):
        return bool(notification.email)

    def send(self, notification):
        body = notification.body
        message = EmailMessage(notification.subject, body, None, [notification.email])
        message.send(fail_silently=False)


class ConsoleSMSChannel(Channel):
    """Stands in for an SMS gateway in development: the text goes to the log."""

    name = "sms_console"
    label = _("SMS")
    help_text = _("Sent to the phone number of your profile.")

    def reaches(self, notification):
        return bool(notification.phone)

    def send(self, notification):
        # The whole text, as a gateway would send it: links (sign-up, unlock) included.
        logger.info("SMS to %s: %s\n%s", notification.phone, notification.subject,
                    notification.body)


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
