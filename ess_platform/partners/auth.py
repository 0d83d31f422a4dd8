"""API keys on the API: authentication, scope and a quota per key.

``Authorization: Api-Key <prefix>.<secret>``. As for tokens (ess_platform/kernel/api_auth.py), a
malformed header is a 401, never a 500, and only a key that could exist is looked up. The
existing ``Authorization: Token <key>`` keeps working beside it.
"""

import hmac
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from ess_platform.kernel.api_auth import authorization_parts

from . import services
from .models import ApiKey, hash_key
from .permissions import is_partner

API_KEY = re.compile(r"([0-9a-f]{8})\.[A-Za-z0-9_-]{20,100}")
#: ``api_key_write_scope`` of a view any active key may write to (its owner's webhooks).
ANY_SCOPE = "any"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        parts = authorization_parts(request, self.keyword)
        if parts is None:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid Authorization header: give one API key."))
        match = API_KEY.fullmatch(parts[1])
        if match is None:
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        key = ApiKey.objects.select_related("owner").filter(prefix=match[1]).first()
        if (key is None or not hmac.compare_digest(key.hashed_key, hash_key(parts[1]))
                or key.status != ApiKey.Status.ACTIVE or not key.owner.is_active):
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if not key_allows(key, request.method, view):
            # Checked here rather than in a permission class: a view that sets its own
            # permission_classes cannot forget it.
            raise exceptions.PermissionDenied(_("This API key's scope does not allow this "
                                                "request."))
        services.record_use(key=key)
        return key.owner, key

    def authenticate_header(self, request):
        return self.keyword


def key_allows(key, method, view):
    """A key reads everything public; it writes only where the view names its scope
    (``api_key_write_scope``)."""
    if method in permissions.SAFE_METHODS:
        return True
    needed = getattr(view, "api_key_write_scope", None)
    return needed == ANY_SCOPE or (needed is not None and key.scope == needed)


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Each key's own quota (``quota_per_hour``), counted on the key, not the account."""

    scope = "api_key"

    def get_rate(self):
        return None

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        self.rate = f"{key.quota_per_hour}/hour"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class IsPartner(permissions.BasePermission):
    """Signed in with an API key, or an account holding an active one."""

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiKey):
            return True
        return is_partner(request.user)


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema (and the documentation's "Authorize" button)."""

    target_class = ApiKeyAuthentication
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "'Api-Key <key>': ask for a key on the site (API keys)."}
