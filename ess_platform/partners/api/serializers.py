from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from .. import services
from ..models import Tombstone, WebhookDelivery, WebhookEndpoint


class TombstoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["dataset", "object_id", "lookup", "deleted_at"]


def _raise(error):
    raise serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else error.messages) from None


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(
        choices=WebhookEndpoint.Event.choices), allow_empty=False)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "description", "is_active", "paused_at",
                  "consecutive_failures", "created_at"]
        read_only_fields = ["paused_at", "consecutive_failures", "created_at"]

    def create(self, validated_data):
        try:
            return services.register_endpoint(owner=self.context["request"].user,
                                              **validated_data)
        except DjangoValidationError as error:
            _raise(error)

    def update(self, instance, validated_data):
        try:
            return services.update_endpoint(endpoint=instance, **validated_data)
        except DjangoValidationError as error:
            _raise(error)


class NewWebhookEndpointSerializer(WebhookEndpointSerializer):
    """The answer to a registration: the signing secret, shown this once."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    body = serializers.CharField(source="notification.body", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event", "created_at", "status", "attempts", "last_attempt_at",
                  "response_status", "error", "delivered_at", "body"]

    def get_status(self, delivery) -> str:
        outbox = delivery.notification.deliveries.all()
        return outbox[0].status if outbox else ""

