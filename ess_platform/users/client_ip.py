"""The client's address, the one answer for sign-in lockouts, throttles and logs.

Only REMOTE_ADDR is trusted, unless ``settings.NUM_PROXIES`` says how many reverse proxies
of ours stand in front of the application: then the address that the outermost of them
appended to X-Forwarded-For is the client's. Whatever a client writes in that header
itself is never believed. DRF's throttles read the same setting
(``REST_FRAMEWORK["NUM_PROXIES"]``) with the same rule.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request):
    remote_addr = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    return candidate if _valid(candidate) else remote_addr
