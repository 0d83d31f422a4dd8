from django.urls import reverse
from rest_framework import serializers

from ess_platform.kernel.api_serializers import (
    FastListSerializer,
    PatternHyperlinkedIdentityField,
    page_link,
)

from ..models import Cooperative, Product, Sector


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "name_ar", "name_fr", "description", "description_ar",
                  "description_fr"]


class ProductSerializer(serializers.ModelSerializer):
    cooperative = serializers.PrimaryKeyRelatedField(read_only=True)
    cooperative_name = serializers.CharField(source="cooperative.name", read_only=True)
    sector = serializers.SlugRelatedField(source="cooperative.sector", slug_field="slug",
                                          read_only=True)
    region = serializers.SlugRelatedField(source="cooperative.region", slug_field="code",
                                          read_only=True)
    photo = serializers.ImageField(read_only=True, use_url=True)
    thumbnail = serializers.ImageField(read_only=True, use_url=True)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True,
                                     allow_null=True, help_text="In dirhams; null: on request.")
    currency = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "name", "name_ar", "name_fr", "description", "description_ar",
                  "description_fr", "price", "currency", "unit", "availability", "photo",
                  "thumbnail", "cooperative", "cooperative_name", "sector", "region"]
        list_serializer_class = FastListSerializer

    def get_currency(self, obj) -> str:
        return Product.CURRENCY


class NestedProductSerializer(ProductSerializer):
    class Meta(ProductSerializer.Meta):
        fields = ["id", "name", "name_ar", "name_fr", "description", "description_ar",
                  "description_fr", "price", "currency", "unit", "availability", "photo",
                  "thumbnail"]


class CooperativeSerializer(serializers.ModelSerializer):
    url = PatternHyperlinkedIdentityField(view_name="cooperative-detail")
    page = serializers.SerializerMethodField()
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True,
                                        allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True,
                                         allow_null=True)

    class Meta:
        model = Cooperative
        fields = [
            "id", "url", "page", "registration_number", "name", "name_ar", "name_fr",
            "legal_form", "sector", "sector_name", "region", "region_name", "province",
            "province_name", "commune", "commune_name", "founded_on", "members_count",
            "women_members", "youth_members", "women_led", "youth_led", "description",
            "description_ar", "description_fr", "address", "phone", "email", "website",
            "latitude", "longitude",
        ]
        list_serializer_class = FastListSerializer

    def get_page(self, obj) -> str:
        # obj.get_absolute_url(), reversed once a page.
        return page_link(self, "_page", cooperative_page)(obj.pk)


def cooperative_page(pk):
    """A cooperative's page (Cooperative.get_absolute_url)."""
    return reverse("cooperatives:detail", kwargs={"pk": pk})


class CooperativeDetailSerializer(CooperativeSerializer):
    products = NestedProductSerializer(many=True, read_only=True)

    class Meta(CooperativeSerializer.Meta):
        fields = [*CooperativeSerializer.Meta.fields, "products"]
