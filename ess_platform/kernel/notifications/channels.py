"""Delivery channels behind one interface.

A channel is a small class with a ``name``, a translated ``label``, ``reaches(notification)``
(can it reach this person at all?) and ``send(notification, idempotency_key=...)`` (raise
on failure, so the delivery is retried). The key is the same for every attempt of one
delivery: a provider that deduplicates on a client reference gets it, so a send repeated
after a crash is not delivered twice. SMTP has none; e-mail carries it as a stable
Message-ID instead (mailboxes that deduplicate show one copy). Kannel's ``sendsms`` has
none either: an SMS whose worker died mid-send may arrive twice.

SMS: ``sms`` speaks a gateway's HTTP interface (settings SMS_GATEWAY_*), ``sms_console``
logs the very text the gateway would send (the embedded default).

The channels in use come from ``settings.NOTIFICATION_CHANNELS``; a gateway (SMS,
WhatsApp) is added with ``settings.NOTIFICATION_CHANNEL_CLASSES`` without touching any
caller of ``notify``.
"""

import logging
from email.utils import parseaddr
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.formatting import isolate
from ess_platform.kernel.phones import normalize_phone

from . import conf
from .rendering import outgoing

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
        texts = outgoing(notification)
        headers = {"Message-ID": message_id(idempotency_key)} if idempotency_key else None
        message = EmailMessage(texts["subject"], texts["body"], None, [notification.email],
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
        # The whole text, as the gateway would send it: codes and links included.
        logger.info("SMS to %s [%s]:\n%s", notification.phone, idempotency_key,
                    sms_text(notification))


class GatewaySMSChannel(Channel):
    """An SMS gateway's HTTP interface: Kannel's ``sendsms``, or any gateway that takes
    the same query parameters (username, password, from, to, text, charset, coding).

    Configured by SMS_GATEWAY_URL, SMS_GATEWAY_USERNAME, SMS_GATEWAY_PASSWORD and
    SMS_SENDER. A text outside the GSM 7-bit alphabet (Arabic) goes as UCS-2 (coding=2).
    Any answer but 2xx, or no answer, raises: the delivery is retried with backoff.
    """

    name = "sms"
    label = _("SMS")
    help_text = _("Sent to the phone number of your profile.")

    def reaches(self, notification):
        return bool(notification.phone)

    def send(self, notification, *, idempotency_key=""):
        text = sms_text(notification)
        params = {
            "username": settings.SMS_GATEWAY_USERNAME,
            "password": settings.SMS_GATEWAY_PASSWORD,
            "from": settings.SMS_SENDER,
            "to": normalize_phone(notification.phone),  # E.164, whatever was stored
            "text": text,
            "charset": "UTF-8",
            "coding": "0" if is_gsm7(text) else "2",
        }
        url = settings.SMS_GATEWAY_URL
        url += ("&" if "?" in url else "?") + urlencode(params)
        request = Request(url, headers={"User-Agent": "ess-platform"})  # noqa: S310
        try:
            with urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                answer = response.read(500).decode("utf-8", "replace")
        except HTTPError as error:
            answer = error.read(500).decode("utf-8", "replace")
            raise SMSGatewayError(f"HTTP {error.code}: {answer.strip()}") from error
        logger.info("SMS delivery %s accepted by the gateway: %s", idempotency_key,
                    answer.strip())


class SMSGatewayError(Exception):
    """The gateway refused a message (its answer is in the message)."""


#: The GSM 03.38 basic alphabet and its extension table: what fits in 7-bit SMS.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"
)


def is_gsm7(text):
    return all(ch in GSM7 for ch in text)


def sms_text(notification):
    """The text an SMS carries, in the recipient's language as it leaves: the kind's short
    form, else the subject and the link (isolated: a URL stays in one piece in Arabic)."""
    texts = outgoing(notification)
    if texts["sms"]:
        return texts["sms"]
    return "\n".join(part for part in (texts["subject"], isolate(texts["url"], texts["language"]))
                     if part)


def message_id(idempotency_key):
    """A Message-ID that is the same at every attempt of one delivery.

    Not ``make_msgid``: it mixes in the time, a random number and the worker's host name.
    The domain is the sender's, the same on every worker.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{idempotency_key}@{domain}>"


BUILTIN = {cls.name: cls for cls in (InAppChannel, EmailChannel, ConsoleSMSChannel,
                                      GatewaySMSChannel)}


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


#: Channels that carry messages to machines (webhooks), registered by the app that owns
#: them: sent through the same outbox, never offered to people as a preference.
SYSTEM_CHANNELS = {}


def get_channel(name):
    channel = registry().get(name)
    if channel is None and name in SYSTEM_CHANNELS:
        channel = SYSTEM_CHANNELS[name]()
    return channel


def optional_channels():
    return [channel for channel in registry().values() if channel.optional]
