from .views import CommuneViewSet, ProvinceViewSet, RegionViewSet


def register(router):
    router.register("regions", RegionViewSet, basename="region")
    router.register("provinces", ProvinceViewSet, basename="province")
    router.register("communes", CommuneViewSet, basename="commune")
