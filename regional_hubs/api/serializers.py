from rest_framework import serializers

from ..models import Commune, Province, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "slug", "name", "name_ar", "name_fr", "population_2024",
                  "households_2024"]


class ProvinceSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Province
        fields = ["code", "kind", "name", "name_ar", "name_fr", "region", "population_2024",
                  "households_2024"]


class CommuneSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.CharField(source="province.region.code", read_only=True)

    class Meta:
        model = Commune
        fields = ["code", "kind", "name", "name_ar", "name_fr", "province", "region",
                  "population_2024", "households_2024", "population_2014"]
