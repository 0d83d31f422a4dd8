from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ess_platform.kernel.change_feed import ChangeFeedMixin
from ess_platform.kernel.opendata.api import OpenDataMixin
from ess_platform.kernel.page_cache import PublicListCacheMixin

from .. import selectors, services
from ..models import Criterion, EconomicModel, ProjectIdea, RankingEntry
from .filters import FundingSourceFilter, IdeaFilter, PartnerFilter, RankingFilter
from .serializers import (
    CallSerializer,
    EconomicModelSerializer,
    FundingSourceSerializer,
    IdeaSerializer,
    IdeaSubmitSerializer,
    OwnIdeaSerializer,
    PartnerSerializer,
    RankingRowSerializer,
)


def _wants_mine(request):
    return request.query_params.get("mine") in {"1", "true", "yes"}


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter(
        "mine", OpenApiTypes.BOOL, description="Only my own ideas (every status).")]),
    create=extend_schema(request=IdeaSubmitSerializer, responses={201: OwnIdeaSerializer,
                                                                  200: OwnIdeaSerializer}),
)
class IdeaViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin, mixins.ListModelMixin,
                  mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Published project ideas (accepted and beyond) and, signed in, your own.

    POST submits an idea (or saves a draft with ``draft=true``) with the same rules as the
    site; send a client-generated ``submission_token``: a resend answers 200 with the
    idea already stored.
    """

    filterset_class = IdeaFilter
    # An API key submits ideas only with this scope (ess_platform/partners/auth.py).
    api_key_write_scope = "write-ideas"
    geo_fields = None
    export_name = "ideas"
    ordering_fields = ["submitted_at", "estimated_budget", "expected_jobs"]
    ordering = ["-submitted_at", "-pk"]

    #: The query parameters under which the list's count is the ideas' tally's
    #: (``known_count``): its filters, and those that do not change which rows match.
    TALLY_PARAMETERS = frozenset({"region", "sector", "status", "language", "page",
                                  "page_size", "ordering"})

    def _anonymous_list_within(self, parameters):
        """Whether this request is an anonymous visitor's list with no query parameter
        outside ``parameters`` (a signed-in user's list holds their own ideas too)."""
        return self.action == "list" and not self.request.user.is_authenticated and not any(
            value and key not in parameters for key, value in self.request.query_params.items())

    def page_anchors(self, queryset):
        """The anchors of ``queryset`` when it is an anonymous visitor's whole list (no
        filter); None otherwise. Called by the paginator for a deep page only."""
        if not self._anonymous_list_within({"page", "page_size"}):
            return None
        return selectors.idea_page_anchors(queryset)

    def known_count(self):
        """The count of an anonymous visitor's list filtered by the tally's filters only,
        from the tally (``selectors.published_idea_count``); None (counted by the database)
        for any other list: a signed-in user's holds their own ideas too."""
        if not self._anonymous_list_within(self.TALLY_PARAMETERS):
            return None
        filterset = self.filterset_class(self.request.query_params,
                                         queryset=ProjectIdea.objects.none(),
                                         request=self.request)
        if not filterset.is_valid():  # answered 400 before paging: not reached
            return None
        data = filterset.form.cleaned_data
        return selectors.published_idea_count(
            **{name: data.get(name) or "" for name in ("region", "sector", "status",
                                                        "language")})

    def get_queryset(self):
        qs = selectors.ideas_visible_to(self.request.user, mine=_wants_mine(self.request))
        if self.request.user.is_authenticated:
            qs = qs.prefetch_related("status_changes")
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return IdeaSubmitSerializer
        if _wants_mine(self.request):
            return OwnIdeaSerializer
        return IdeaSerializer

    def retrieve(self, request, *args, **kwargs):
        idea = self.get_object()
        own = request.user.is_authenticated and idea.author_id == request.user.pk
        serializer_class = OwnIdeaSerializer if own else IdeaSerializer
        return Response(serializer_class(idea, context=self.get_serializer_context()).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        token = data.pop("submission_token")
        draft = data.pop("draft", False)
        already = ProjectIdea.objects.owned_by(request.user).filter(submission_token=token) \
            .exclude(status=ProjectIdea.Status.DRAFT).exists()
        service = services.save_draft if draft else services.submit_idea
        try:
            idea = service(author=request.user, submission_token=token, **data)
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            ) from None
        idea = selectors.idea_list().owned_by(request.user).prefetch_related(
            "status_changes").get(pk=idea.pk)
        body = OwnIdeaSerializer(idea, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_200_OK if already else status.HTTP_201_CREATED)


class CallViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                  viewsets.ReadOnlyModelViewSet):
    """Calls for ideas (ideathons) with their criteria and, once closed, their ranking."""

    serializer_class = CallSerializer
    lookup_field = "slug"
    geo_fields = None
    export_name = "calls"
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.public_calls().order_by("-opens_on", "pk").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
            Prefetch("ranking", queryset=RankingEntry.objects.select_related("idea")
                     .order_by("rank")),
        )


class RankingViewSet(OpenDataMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The published rankings of every call, one row per ranked idea, best first within a
    call; filter with ?call=<slug> and ?region=<code>."""

    serializer_class = RankingRowSerializer
    filterset_class = RankingFilter
    geo_fields = None
    export_name = "rankings"
    ordering_fields = ["rank", "weighted_score"]
    ordering = ["call__slug", "rank"]

    def get_queryset(self):
        return RankingEntry.objects.public().select_related("call", "call__region", "idea") \
            .order_by("call__slug", "rank")


class EconomicModelViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                           viewsets.ReadOnlyModelViewSet):
    """Economic models by sector: investment, yearly revenue and costs, break-even, jobs."""

    serializer_class = EconomicModelSerializer
    queryset = EconomicModel.objects.select_related("sector").order_by("sector__position", "pk")
    geo_fields = None
    export_name = "economic-models"
    lookup_field = "slug"
    filterset_fields = {"sector__slug": ["exact"]}


class FundingSourceViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                           viewsets.ReadOnlyModelViewSet):
    """Financing sources; filter with ?kind=, ?sector=<slug>, ?region=<code>, ?women=true,
    ?youth=true (as on the financing guide page)."""

    serializer_class = FundingSourceSerializer
    filterset_class = FundingSourceFilter
    lookup_field = "slug"
    geo_fields = None
    export_name = "funding-sources"
    ordering_fields = ["slug"]
    ordering = ["pk"]

    def get_queryset(self):
        return selectors.funding_sources().order_by("pk")


class PartnerViewSet(PublicListCacheMixin, ChangeFeedMixin, OpenDataMixin,
                     viewsets.ReadOnlyModelViewSet):
    """Partners; filter with ?kind= and ?region=<code> (as on the partners page)."""

    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    lookup_field = "slug"
    geo_fields = None
    export_name = "partners"
    ordering_fields = ["slug", "name"]
    ordering = ["pk"]

    def get_queryset(self):
        return selectors.partners().order_by("pk")
