from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ess_platform.kernel.api_serializers import FastListSerializer, page_link

from ..models import Event, Session


def _one_of(choices):
    """A string schema listing its values without an enum component (enum components of
    two serializers sharing a field name collide with other apps' "kind" and "status")."""
    return {"type": "string", "pattern": "^(" + "|".join(choices.values) + ")$",
            "description": "One of: " + ", ".join(choices.values)}


@extend_schema_field(_one_of(Event.Kind))
class KindField(serializers.CharField):
    pass


@extend_schema_field(_one_of(Event.Status))
class StatusField(serializers.CharField):
    pass


class KindLabelField(serializers.CharField):
    """The kind's label in the active language, as ``get_kind_display()`` gives it, from one
    mapping a page (``get_kind_display`` hashes every choice's label on every row)."""

    def to_representation(self, value):
        labels = self.__dict__.get("_labels")
        if labels is None or labels[0] != get_language():
            labels = self._labels = (get_language(),
                                     {kind: str(label) for kind, label in Event.Kind.choices})
        return labels[1].get(value, value)


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "title", "title_ar", "title_fr", "speakers", "room"]


class EventSerializer(serializers.ModelSerializer):
    kind = KindField(read_only=True)
    kind_label = KindLabelField(source="kind", read_only=True)
    status = StatusField(read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    places_left = serializers.SerializerMethodField()
    accepts_registrations = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["slug", "kind", "kind_label", "status", "title", "title_ar", "title_fr",
                  "starts_at", "ends_at", "registration_deadline", "accepts_registrations",
                  "capacity", "places_left", "region", "province", "commune", "hub", "venue",
                  "address", "latitude", "longitude", "call", "url"]
        list_serializer_class = FastListSerializer

    def get_places_left(self, event) -> int | None:
        return event.places_left()

    def get_url(self, event) -> str:
        # event.get_absolute_url(), reversed once a page (slugs are ASCII).
        return page_link(self, "_url", event_page)(event.slug)


def event_page(slug):
    """An event's page (Event.get_absolute_url)."""
    return reverse("events:detail", kwargs={"slug": slug})


class EventDetailSerializer(EventSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    cooperatives = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "description_ar",
                  "description_fr", "organisers", "partners", "sessions", "cooperatives"]

    def get_cooperatives(self, event) -> list[str]:
        return [c.registration_number for c in event.cooperatives.all() if c.is_published]
