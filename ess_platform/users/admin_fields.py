"""Naming an account in an admin form without browsing accounts.

A raw-id popup or an autocomplete on users would let a regional delegate list every
account (and its e-mail); instead the form asks for one exact e-mail, phone or username.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ess_platform.kernel.phones import normalize_phone


class AccountField(forms.CharField):
    """An active account given by its exact e-mail, phone or username."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            user = get_user_model()._default_manager.filter(pk=value).first()
            return user.get_username() if user else ""
        if hasattr(value, "get_username"):
            return value.get_username()
        return value

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        lookup = Q(username__iexact=value) | Q(email__iexact=value)
        phone = normalize_phone(value)
        if len(phone.lstrip("+")) >= 9:
            lookup |= Q(phone=phone)
        user = get_user_model()._default_manager.filter(lookup, is_active=True).first()
        if user is None:
            raise ValidationError(_("No account with this e-mail, phone or username."))
        return user
