from .views import DeletedViewSet, WebhookViewSet


def register(router):
    router.register("changes/deleted", DeletedViewSet, basename="deleted")
    router.register("webhooks", WebhookViewSet, basename="webhook")
