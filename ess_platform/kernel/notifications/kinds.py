"""What each notification kind is called, for the admin (its list, filter and pages).

An app names its kinds in a ``notification_kinds.py`` module with ``register`` calls;
the notifications app reads those modules when it starts, as the admin reads admin.py.
"""

from django.utils.translation import gettext_lazy as _

_LABELS = {"message": _("Message")}


def register(kind, label):
    _LABELS[kind] = label


def label(kind):
    """The kind's translated name (the code itself for a kind nobody named)."""
    return _LABELS.get(kind, kind)


def choices():
    return sorted(((kind, str(name)) for kind, name in _LABELS.items()), key=lambda c: c[1])
