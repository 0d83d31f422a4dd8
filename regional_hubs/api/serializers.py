from rest_framework import serializers

from ..models import (
    Commune,
    HubContact,
    HubPartner,
    HubService,
    Province,
    Region,
    RegionalHub,
    TerritoryProfile,
)
from ..territory import INDICATORS


class IndicatorsSerializer(serializers.ModelSerializer):
    class Meta:
        model = TerritoryProfile
        fields = [indicator.key for indicator in INDICATORS]


class RegionSerializer(serializers.ModelSerializer):
    indicators = IndicatorsSerializer(
        source="profile", read_only=True, allow_null=True,
        help_text="2024 census indicators (HCP); null when not loaded.")

    class Meta:
        model = Region
        fields = ["code", "slug", "name", "name_ar", "name_fr", "population_2024",
                  "households_2024", "indicators"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicators = IndicatorsSerializer(
        source="profile", read_only=True, allow_null=True,
        help_text="2024 census indicators (HCP); null when not loaded.")

    class Meta:
        model = Province
        fields = ["code", "kind", "name", "name_ar", "name_fr", "region", "population_2024",
                  "households_2024", "indicators"]


class CommuneSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.CharField(source="province.region.code", read_only=True)

    class Meta:
        model = Commune
        fields = ["code", "kind", "name", "name_ar", "name_fr", "province", "region",
                  "population_2024", "households_2024", "population_2014"]


class HubServiceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = HubService
        fields = ["kind", "kind_label", "description", "description_ar", "description_fr"]


class HubContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = HubContact
        fields = ["name", "role", "email", "phone"]


class HubPartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = HubPartner
        fields = ["name", "name_ar", "name_fr", "kind", "role", "website"]


class HubSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    services = HubServiceSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = RegionalHub
        fields = ["slug", "name", "name_ar", "name_fr", "region", "status", "status_label",
                  "description", "address", "opening_hours", "latitude", "longitude", "email",
                  "phone", "website", "services", "url", "updated_at"]

    def get_url(self, hub) -> str:
        request = self.context.get("request")
        path = hub.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class HubDetailSerializer(HubSerializer):
    contacts = HubContactSerializer(many=True, read_only=True)
    partners = HubPartnerSerializer(many=True, read_only=True)

    class Meta(HubSerializer.Meta):
        fields = [*HubSerializer.Meta.fields, "contacts", "partners"]


class PromisingSectorSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable sector key (e.g. argan, handicrafts).")
    label = serializers.CharField()
    score = serializers.IntegerField(help_text="Number of criteria of the rule met.")
    reasons = serializers.ListField(child=serializers.CharField())


class ComparedTerritorySerializer(serializers.Serializer):
    """A commune's province or region, by the same figures and the same rule."""

    level = serializers.CharField(help_text="province or region")
    code = serializers.CharField()
    name = serializers.CharField()
    indicators = IndicatorsSerializer(allow_null=True)
    cooperatives_by_sector = serializers.DictField(child=serializers.IntegerField())
    promising_sectors = PromisingSectorSerializer(many=True)


class CommuneNeedsSerializer(serializers.Serializer):
    """A commune's census indicators and promising sectors beside its province's and
    region's (``comparison``) and the country's (``national``)."""

    level = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    province = serializers.CharField(help_text="Province HCP code")
    region = serializers.CharField(help_text="Region HCP code")
    indicators = IndicatorsSerializer(allow_null=True,
                                      help_text="2024 census indicators; null when not loaded.")
    national = IndicatorsSerializer(allow_null=True)
    cooperatives_by_sector = serializers.DictField(child=serializers.IntegerField())
    promising_sectors = PromisingSectorSerializer(many=True)
    comparison = ComparedTerritorySerializer(many=True)


class TerritorySerializer(serializers.Serializer):
    """A territory's census indicators, national yardstick and promising sectors."""

    level = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="Region HCP code (provinces).")
    indicators = IndicatorsSerializer(allow_null=True)
    national = IndicatorsSerializer(allow_null=True)
    cooperatives_by_sector = serializers.DictField(child=serializers.IntegerField())
    promising_sectors = PromisingSectorSerializer(many=True)
    provinces = serializers.ListField(child=serializers.CharField(), required=False,
                                      help_text="HCP codes of the region's provinces.")
