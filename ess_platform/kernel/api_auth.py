"""Token authentication that answers 401 for any malformed Authorization header.

DRF's own class encodes the header to latin-1 before looking at it (a header holding other
characters is then a 500) and sends any key to the database (a NUL is a 500 on
PostgreSQL). Here the header is read as text, and only a key that could exist (what
`Token.generate_key` makes: at most 40 letters and digits) is looked up.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed

TOKEN_KEY = re.compile(r"[A-Za-z0-9]{1,40}")


def authorization_parts(request, keyword):
    """The words of the Authorization header, read as text, when its scheme is ``keyword``;
    None for another scheme (left to the next authentication) or no header."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    parts = header.split()
    if not parts or parts[0].lower() != keyword.lower():
        return None
    return parts


class TokenAuthentication(authentication.TokenAuthentication):
    """'Authorization: Token <key>'; another scheme is left to the next authentication."""

    def authenticate(self, request):
        parts = authorization_parts(request, self.keyword)
        if parts is None:
            return None
        if len(parts) == 1:
            raise AuthenticationFailed(_("Invalid Authorization header: no token given."))
        if len(parts) > 2:
            raise AuthenticationFailed(
                _("Invalid Authorization header: a token contains no spaces."))
        if not TOKEN_KEY.fullmatch(parts[1]):
            raise AuthenticationFailed(_("Invalid token."))
        return self.authenticate_credentials(parts[1])
