from .views import (
    CallViewSet,
    EconomicModelViewSet,
    FundingSourceViewSet,
    IdeaViewSet,
    PartnerViewSet,
    RankingViewSet,
)


def register(router):
    router.register("ideas", IdeaViewSet, basename="idea")
    router.register("calls", CallViewSet, basename="call")
    router.register("rankings", RankingViewSet, basename="ranking")
    router.register("economic-models", EconomicModelViewSet, basename="economic-model")
    router.register("funding-sources", FundingSourceViewSet, basename="funding-source")
    router.register("partners", PartnerViewSet, basename="partner")
