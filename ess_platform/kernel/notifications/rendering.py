"""A notification's texts, written in the language of whoever reads them.

``notify`` stores the kind and its parameters (``Notification.params``: plain values, and
model instances as references) beside a snapshot of the texts in the language it was
created in. The texts are written again from the kind's templates when they are read: in
the page's language in the inbox, in the recipient's preferred language when an e-mail or
an SMS leaves. A notification whose parameters are gone (a deleted object, a row from
before parameters were stored) shows its snapshot.
"""

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import prefetch_related_objects
from django.template import TemplateDoesNotExist
from django.template.context import make_context
from django.template.loader import get_template
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language_from_path

MODEL, DATETIME, DATE, DECIMAL = "$model", "$datetime", "$date", "$decimal"


class MissingParameter(LookupError):
    """An object a notification names no longer exists."""


def dump_params(context):
    """JSON-ready parameters of a template context (objects become references)."""
    return {str(name): _dump(value) for name, value in context.items() if name != "url"}


def _dump(value):
    if isinstance(value, models.Model):
        if value.pk is None:
            return str(value)
        return {MODEL: value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, Decimal):
        return {DECIMAL: str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _dump(item) for key, item in value.items()}
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def _references(value):
    if isinstance(value, dict):
        if MODEL in value:
            yield value[MODEL], value["pk"]
        else:
            for item in value.values():
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def load_objects(notifications):
    """{(label, pk): object} for every object the notifications name, one query per model
    (and one per foreign key of those models, so templates read related names freely)."""
    wanted = {}
    for notification in notifications:
        for label, pk in _references(notification.params or {}):
            wanted.setdefault(label, set()).add(pk)
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        # The plain manager: a notification's own parameters are already selected for
        # its reader (the region guard watches lists, not these references).
        objects = list(model._base_manager.filter(pk__in=pks))
        relations = [field.name for field in model._meta.concrete_fields
                     if field.many_to_one and field.name != "notification"]
        if objects and relations:
            prefetch_related_objects(objects, *relations)
        found.update({(label, obj.pk): obj for obj in objects})
    return found


def _load(value, objects):
    if isinstance(value, dict):
        if MODEL in value:
            key = (value[MODEL], value["pk"])
            if key not in objects:
                raise MissingParameter(key)
            return objects[key]
        if DATETIME in value:
            return datetime.fromisoformat(value[DATETIME])
        if DATE in value:
            return date.fromisoformat(value[DATE])
        if DECIMAL in value:
            return Decimal(value[DECIMAL])
        return {key: _load(item, objects) for key, item in value.items()}
    if isinstance(value, list):
        return [_load(item, objects) for item in value]
    return value


def render_text(template_name, context):
    """Render a plain-text template without HTML escaping (texts are stored as written;
    the inbox escapes them once, at display)."""
    template = get_template(template_name)
    return template.template.render(make_context(context, autoescape=False))


def _optional(template_name, context):
    try:
        return render_text(template_name, context)
    except TemplateDoesNotExist:
        return ""


def link_in(url, language):
    """The notification's link on the pages of ``language`` (absolute for messages)."""
    if not url:
        return ""
    translated = path_in(url, language)
    if "://" in translated:
        return translated
    return settings.SITE_URL.rstrip("/") + translated


def path_in(url, language):
    """``url`` on the pages of ``language`` (its own language's prefix is read first);
    a link that does not resolve is left as it is."""
    source = get_language_from_path(urlsplit(url).path)
    with translation.override(source or language):
        return translate_url(url, language)


def render_parts(kind, context, language, *, url="", parts=("subject", "body", "sms")):
    """The texts of a notification kind in ``language``: {"subject", "body", "sms",
    "inbox"} (those asked for). "sms" and "inbox" are "" when the kind has no such form."""
    context = {**context, "url": link_in(url, language)}
    texts = {}
    with translation.override(language):
        if "subject" in parts:
            texts["subject"] = " ".join(
                render_text(f"notifications/{kind}.subject.txt", context).split())[:255]
        if "body" in parts:
            texts["body"] = render_text(f"notifications/{kind}.body.txt", context).strip()
        if "sms" in parts:
            sms = _optional(f"notifications/{kind}.sms.txt", context)
            texts["sms"] = "\n".join(line.strip() for line in sms.strip().splitlines()
                                     if line.strip())
        if "inbox" in parts:
            texts["inbox"] = " ".join(
                _optional(f"notifications/{kind}.inbox.txt", context).split())
    return texts


def texts_in(notification, language, *, objects=None, parts=("subject", "body", "sms")):
    """The notification's texts in ``language``, or its snapshot when its parameters are
    gone or it was stored without them."""
    if notification.params is None:
        return None
    try:
        if objects is None:
            objects = load_objects([notification])
        context = _load(notification.params, objects)
        return render_parts(notification.kind, context, language, url=notification.url,
                            parts=parts)
    except (MissingParameter, TemplateDoesNotExist):
        return None


def outgoing(notification, language=None):
    """Subject, body and SMS text as they leave now: in the recipient's preferred
    language (the language the notification was made in for a guest)."""
    if language is None:
        recipient = notification.recipient if notification.recipient_id else None
        language = (getattr(recipient, "preferred_language", "") or notification.language
                    or settings.LANGUAGE_CODE)
    texts = texts_in(notification, language)
    if texts is None:
        return {"subject": notification.subject, "body": notification.body,
                "sms": notification.sms_text, "language": notification.language,
                "url": notification.url_absolute}
    return {**texts, "language": language, "url": link_in(notification.url, language)}


def inbox_entries(notifications, language):
    """{note, title, text} for an inbox page, in the page's language (its "Open" button
    follows the link on the pages of that language: views.mark_read)."""
    notifications = list(notifications)
    objects = load_objects(notifications)
    entries = []
    for notification in notifications:
        texts = texts_in(notification, language, objects=objects,
                         parts=("subject", "inbox"))
        if texts is None:
            title, text = notification.subject, ""
        else:
            title, text = texts["subject"], texts["inbox"]
        entries.append({"note": notification, "title": title, "text": text})
    return entries
