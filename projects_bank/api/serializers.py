from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from cooperatives.models import Cooperative, Sector
from regional_hubs.models import Commune

from .. import permissions, selectors
from ..models import (
    Call,
    Criterion,
    EconomicModel,
    FundingSource,
    IdeaStatusChange,
    Partner,
    ProjectIdea,
    RankingEntry,
)


class StatusChangeSerializer(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text="An idea status")
    to_status = serializers.CharField(read_only=True, help_text="An idea status")

    class Meta:
        model = IdeaStatusChange
        fields = ["from_status", "to_status", "changed_at", "reason"]


class IdeaSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True, help_text="draft, submitted, under_review, shortlisted, accepted, "
                                  "rejected, incubated or cooperative_created")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    photo = serializers.SerializerMethodField(
        help_text="Absolute URL of the photo's download view; null when there is none or "
                  "you may not see it.")
    document = serializers.SerializerMethodField(
        help_text="Absolute URL of the PDF's download view; null when there is none or you "
                  "may not see it (business plans stay with the author, reviewers and jury).")

    class Meta:
        model = ProjectIdea
        fields = [
            "id", "url", "language", "title", "summary", "need_addressed", "status",
            "status_label", "sector", "commune", "province", "region", "expected_members",
            "expected_women", "expected_youth", "estimated_budget", "expected_jobs", "photo",
            "document", "call", "cooperative", "founded_cooperative", "submitted_at",
        ]


    def get_photo(self, idea) -> str | None:
        return self._file_url(idea, "photo")

    def get_document(self, idea) -> str | None:
        return self._file_url(idea, "document")

    def _file_url(self, idea, field):
        """The download view of a file, never a storage URL (the files are private)."""
        if not getattr(idea, field):
            return None
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not permissions.can_view_idea_file(user, idea, field,
                                           juror_of=self._juror_call_ids(user)):
            return None
        url = reverse(f"projects_bank:idea-{field}", kwargs={"pk": idea.pk})
        return request.build_absolute_uri(url) if request is not None else url

    def _juror_call_ids(self, user):
        """The calls the user judges, read once per response (lists stay bounded)."""
        if user is None or not user.is_authenticated:
            return frozenset()
        if "juror_call_ids" not in self.context:
            self.context["juror_call_ids"] = frozenset(
                selectors.calls_of_juror(user).values_list("pk", flat=True))
        return self.context["juror_call_ids"]


class OwnIdeaSerializer(IdeaSerializer):
    """What the author sees of their own idea: its history and any rejection reason."""

    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "rejection_reason", "history"]


class IdeaSubmitSerializer(serializers.ModelSerializer):
    """Submit (or save as a draft) an idea; the same token sent twice stores one idea."""

    submission_token = serializers.UUIDField(
        help_text="A UUID the client generates once per idea form; resending is harmless.")
    draft = serializers.BooleanField(default=False, write_only=True,
                                     help_text="true to save a draft instead of submitting")
    sector = serializers.SlugRelatedField(slug_field="slug", queryset=Sector.objects.all())
    commune = serializers.SlugRelatedField(slug_field="code", queryset=Commune.objects.all())
    call = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True,
                                        queryset=Call.objects.none())
    cooperative = serializers.PrimaryKeyRelatedField(
        required=False, allow_null=True, queryset=Cooperative.objects.none())

    class Meta:
        model = ProjectIdea
        fields = [
            "submission_token", "draft", "language", "title", "summary", "need_addressed",
            "sector", "commune", "expected_members", "expected_women", "expected_youth",
            "estimated_budget", "expected_jobs", "photo", "document", "cooperative", "call",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields["cooperative"].queryset = Cooperative.objects.owned_by(user).distinct()
        fields["call"].queryset = Call.objects.public().filter(
            status=Call.Status.OPEN, closes_at__gte=timezone.now())
        return fields


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "name_ar", "name_fr", "weight", "position"]


class RankingEntrySerializer(serializers.ModelSerializer):
    idea = serializers.PrimaryKeyRelatedField(read_only=True)
    title = serializers.CharField(source="idea.title", read_only=True)

    class Meta:
        model = RankingEntry
        fields = ["rank", "idea", "title", "weighted_score", "top_criterion_score",
                  "evaluations_count"]


class RankingRowSerializer(RankingEntrySerializer):
    """A row of the published rankings of every call (the rankings data set)."""

    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    call_title = serializers.CharField(source="call.title", read_only=True)
    region = serializers.SlugRelatedField(source="call.region", slug_field="code",
                                          read_only=True, allow_null=True)

    class Meta(RankingEntrySerializer.Meta):
        fields = ["call", "call_title", "region", *RankingEntrySerializer.Meta.fields]


class CallSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    ranking = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True,
                                   help_text="draft, open, closed or published")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug", "title", "title_ar", "title_fr", "description", "region", "venue",
            "organiser", "opens_on", "closes_at", "judging_ends_at", "status",
            "status_label", "ranking_published_at", "criteria", "ranking",
        ]

    def get_ranking(self, call) -> list[dict] | None:
        """The published ranking, best first; null until the call is closed."""
        if call.status != Call.Status.PUBLISHED:
            return None
        return RankingEntrySerializer(call.ranking.all(), many=True).data


class EconomicModelSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = EconomicModel
        fields = [
            "slug", "sector", "title", "title_ar", "title_fr", "description",
            "investment", "yearly_revenue", "yearly_costs", "break_even_months", "jobs",
            "required_skills",
        ]


class FundingSourceSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = FundingSource
        fields = [
            "slug", "programme", "funder", "kind", "description", "sectors", "regions",
            "legal_forms", "women_only", "youth_only", "amount_min", "amount_max",
            "how_to_apply", "link", "is_example",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Partner
        fields = ["slug", "name", "kind", "regions", "services", "email", "phone", "website"]
