"""A cooperative manager keeps their cooperatives' products through the API.

The same services as the site's product pages (cooperatives/services.py); photos are
uploaded on the site. An API key writes here only with the ``write-products`` scope.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers, viewsets

from .. import selectors, services
from ..models import Product


class ManagedProductSerializer(serializers.ModelSerializer):
    cooperative = serializers.PrimaryKeyRelatedField(queryset=Product.objects.none())
    name_ar = serializers.CharField(max_length=200)

    class Meta:
        model = Product
        fields = ["id", "cooperative", "name_ar", "name_fr", "description_ar",
                  "description_fr", "price", "unit", "availability", "updated_at"]
        read_only_fields = ["updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        field = self.fields["cooperative"]
        field.queryset = selectors.managed_cooperatives(user)
        if self.instance is not None and not isinstance(self.instance, list):
            field.read_only = True

    def _save(self, product):
        try:
            product.full_clean(exclude=["photo", "thumbnail", "photo_large"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return services.save_product(product=product)

    def create(self, validated_data):
        return self._save(Product(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)


class ManagedProductViewSet(viewsets.ModelViewSet):
    """The products of the cooperatives you manage: list, add, change, delete."""

    serializer_class = ManagedProductSerializer
    permission_classes = [permissions.IsAuthenticated]
    # An API key writes here only with this scope (ess_platform/partners/auth.py).
    api_key_write_scope = "write-products"
    filter_backends = []

    def get_queryset(self):
        return Product.objects.unscoped().filter(
            cooperative__in=selectors.managed_cooperatives(self.request.user).values("pk")
        ).select_related("cooperative").order_by("cooperative_id", "pk")

    def perform_destroy(self, instance):
        services.delete_product(product=instance)
