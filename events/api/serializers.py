from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "title", "title_ar", "title_fr", "speakers", "room"]


class EventSerializer(serializers.ModelSerializer):
    kind = KindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
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

    def get_places_left(self, event) -> int | None:
        return event.places_left()

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class EventDetailSerializer(EventSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    cooperatives = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "description_ar",
                  "description_fr", "organisers", "partners", "sessions", "cooperatives"]

    def get_cooperatives(self, event) -> list[str]:
        return [c.registration_number for c in event.cooperatives.all() if c.is_published]
