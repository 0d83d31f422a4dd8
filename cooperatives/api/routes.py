from .manage import ManagedProductViewSet
from .views import CooperativeViewSet, ProductViewSet, SectorViewSet


def register(router):
    router.register("sectors", SectorViewSet, basename="sector")
    router.register("cooperatives", CooperativeViewSet, basename="cooperative")
    router.register("products", ProductViewSet, basename="product")
    router.register("my-products", ManagedProductViewSet, basename="my-product")
