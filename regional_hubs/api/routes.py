from .views import (
    CommuneViewSet,
    HubViewSet,
    ProvinceViewSet,
    RegionViewSet,
    TerritoryCommuneViewSet,
    TerritoryProvinceViewSet,
    TerritoryRegionViewSet,
)


def register(router):
    router.register("regions", RegionViewSet, basename="region")
    router.register("provinces", ProvinceViewSet, basename="province")
    router.register("communes", CommuneViewSet, basename="commune")
    router.register("hubs", HubViewSet, basename="hub")
    router.register("territories/regions", TerritoryRegionViewSet, basename="territory-region")
    router.register("territories/provinces", TerritoryProvinceViewSet,
                    basename="territory-province")
    router.register("territories/communes", TerritoryCommuneViewSet,
                    basename="territory-commune")
