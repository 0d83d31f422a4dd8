"""schema.org JSON-LD for the public pages, one way for every app.

Empty values (None, "", [], {}) are dropped at every depth, so no block ever says
``"streetAddress": null``; the text is escaped like django.utils.html.json_script, so no
value can close the ``<script>`` element. A JSON-LD block is a data block, not a script:
the Content-Security-Policy does not apply to it and it needs no nonce.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

#: ESSGLOBAL, the social and solidarity economy's RDF vocabulary (the ESSGLOBAL taskforce
#: of RIPESS), used beside schema.org for what schema.org cannot say: that an organisation
#: is an SSE initiative, its legal form and its membership.
ESSGLOBAL = "http://purl.org/essglobal/vocab/"
ESSGLOBAL_LEGAL_FORMS = "http://purl.org/essglobal/standard/legal-form/"
#: schema.org stays the default vocabulary; ``essglobal:`` prefixes the ESSGLOBAL terms.
SCHEMA_ORG_AND_ESSGLOBAL = ["https://schema.org", {"essglobal": ESSGLOBAL}]


def compact(value):
    """``value`` without empty members, recursively."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        items = (compact(item) for item in value)
        return [item for item in items if item not in (None, "", [], {})]
    return value


def dumps(data):
    """The JSON text of ``data``, compacted and safe inside a <script> element."""
    text = json.dumps(compact(data), cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 (escaped above)


def script(data):
    """A complete ``<script type="application/ld+json">`` element for ``data``."""
    return format_html('<script type="application/ld+json">{}</script>', dumps(data))


def geo_place(*, latitude, longitude, name="", address=None):
    """A schema.org Place (with GeoCoordinates when located), or None when empty."""
    place = {"@type": "Place", "name": name, "address": address}
    if latitude is not None and longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": float(latitude),
                        "longitude": float(longitude)}
    return place if compact(place).keys() - {"@type"} else None


def postal_address(*, street="", locality="", region="", country="MA"):
    return {"@type": "PostalAddress", "streetAddress": street, "addressLocality": locality,
            "addressRegion": region, "addressCountry": country}
