"""``?format=csv`` and ``?format=geojson`` on the public API lists.

A list view that mixes in `OpenDataMixin` answers its usual JSON page, or the whole
filtered list (no pagination) streamed row by row as CSV or as a GeoJSON FeatureCollection.
The rows go through the list's own serializer and FilterSet, so the three formats always
carry the same fields for the same question. CSV cells are spreadsheet-safe
(ess_platform/kernel/exports.py). A row without coordinates is a Feature whose geometry is null
(RFC 7946 section 3.2), so a GeoJSON file counts exactly the rows of the JSON list.
"""

import copy
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import renderers, serializers

from ..exports import iter_csv
from ..private_files import content_disposition
from . import geojson

CSV_MEDIA_TYPE = "text/csv"
GEOJSON_MEDIA_TYPE = "application/geo+json"
CHUNK_SIZE = 500


class CSVRenderer(renderers.BaseRenderer):
    """Registers ``?format=csv``; lists stream their rows themselves (OpenDataMixin)."""

    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached for an answer that is not a list (errors are switched to JSON).
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


class GeoJSONRenderer(renderers.JSONRenderer):
    """Registers ``?format=geojson``; errors are rendered as plain JSON."""

    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"


def _columns(serializer, prefix=""):
    """(column name, path) of each CSV column; nested objects become dotted columns."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.Serializer):
            columns += _columns(field, prefix=f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def _cell(value):
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return "; ".join("" if item is None else str(item) for item in value)
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


def _lookup(data, column):
    for part in column.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _without_format(request):
    """The request without its ?format= (DRF keeps it in the links it builds)."""
    clone = copy.copy(request)
    clone._request = copy.copy(request._request)
    clone._request.GET = request._request.GET.copy()
    clone._request.GET.pop("format", None)
    return clone


FEATURE_COLLECTION_SCHEMA = {
    "type": "object",
    "description": "GeoJSON FeatureCollection (RFC 7946); each Feature's properties are the "
                   "fields of the JSON list.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "geometry": {"type": "object", "nullable": True},
                "properties": {"type": "object"},
            },
        }},
    },
}


class OpenDataSchema(AutoSchema):
    """Documents the CSV body as text and the GeoJSON body as a FeatureCollection, and the
    ``format`` parameter of the list."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if getattr(self.view, "action", None) == "list":
            formats = ["json", *self.view.open_data_formats()]
            parameters.append(OpenApiParameter(
                "format", str, enum=formats,
                description="json (pages, the default), csv (the whole filtered list, "
                            "streamed) or geojson (the same as a FeatureCollection, when the "
                            "items have a place)."))
        return parameters

    def _get_response_for_code(self, serializer, status_code, media_types=None,
                               direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types,
                                                  direction)
        content = response.get("content", {})
        if CSV_MEDIA_TYPE in content:
            content[CSV_MEDIA_TYPE] = {"schema": {
                "type": "string", "description": "CSV, UTF-8 with a byte order mark; one "
                "row per item of the whole filtered list, columns named like the JSON "
                "fields (nested objects as dotted names)."}}
        if GEOJSON_MEDIA_TYPE in content:
            content[GEOJSON_MEDIA_TYPE] = {"schema": FEATURE_COLLECTION_SCHEMA}
        return response


class OpenDataMixin:
    """The list of a read-only viewset as JSON pages, streamed CSV or streamed GeoJSON.

    ``geo_fields``: the (latitude, longitude) attributes of a row, or None when the rows
    have no place (no GeoJSON); a view may override ``feature_geometry`` instead.
    """

    geo_fields = ("latitude", "longitude")
    export_name = "data"
    schema = OpenDataSchema()

    def open_data_formats(self):
        return ("csv", "geojson") if self.has_geometry() else ("csv",)

    def has_geometry(self):
        return self.geo_fields is not None

    def get_renderers(self):
        found = super().get_renderers()
        if getattr(self, "action", None) == "list":
            found.append(CSVRenderer())
            if self.has_geometry():
                found.append(GeoJSONRenderer())
        return found

    def feature_geometry(self, item):
        latitude = getattr(item, self.geo_fields[0])
        longitude = getattr(item, self.geo_fields[1])
        if latitude is None or longitude is None:
            return None
        return geojson.point(longitude, latitude)

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", "")
        if fmt not in ("csv", "geojson"):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        context = {**self.get_serializer_context(), "request": _without_format(request)}
        serializer = self.get_serializer_class()(context=context)
        language = translation.get_language()
        if fmt == "csv":
            body = self._csv(queryset, serializer, language)
            media_type = f"{CSV_MEDIA_TYPE}; charset=utf-8"
        else:
            body = self._geojson(queryset, serializer, language)
            media_type = GEOJSON_MEDIA_TYPE
        response = StreamingHttpResponse(body, content_type=media_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = content_disposition(
            f"{self.export_name}-{stamp}.{fmt}")
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # An error answered to ?format=csv or ?format=geojson is the usual JSON error.
        if (getattr(response, "data", None) is not None and response.status_code >= 400
                and isinstance(getattr(request, "accepted_renderer", None),
                               CSVRenderer | GeoJSONRenderer)):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def _rows(self, queryset, serializer, language):
        # The body is read after the view returns: keep the request's language for the
        # translated fields, and read the rows in chunks (memory stays flat).
        with translation.override(language):
            for item in queryset.iterator(chunk_size=CHUNK_SIZE):
                yield item, serializer.to_representation(item)

    def _csv(self, queryset, serializer, language):
        columns = _columns(serializer)
        rows = ([_cell(_lookup(data, column)) for column in columns]
                for _item, data in self._rows(queryset, serializer, language))
        yield from iter_csv(columns, rows)

    def _geojson(self, queryset, serializer, language):
        yield '{"type":"FeatureCollection","features":['
        separator = ""
        for item, data in self._rows(queryset, serializer, language):
            properties = {key: value for key, value in data.items()
                          if key not in (self.geo_fields or ())}
            feature = {"type": "Feature", "geometry": self.feature_geometry(item),
                       "properties": properties}
            yield separator + json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False)
            separator = ","
        yield "]}"
