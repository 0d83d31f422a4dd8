from modeltranslation.translator import TranslationOptions, register

from .models import (
    Call,
    Criterion,
    EconomicModel,
    FundingSource,
    Partner,
    Programme,
    ProgrammeMilestone,
)


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "organiser")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(EconomicModel)
class EconomicModelTranslation(TranslationOptions):
    fields = ("title", "description", "required_skills")


@register(FundingSource)
class FundingSourceTranslation(TranslationOptions):
    fields = ("programme", "funder", "description", "legal_forms", "how_to_apply")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "services")


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "description", "place")


@register(ProgrammeMilestone)
class ProgrammeMilestoneTranslation(TranslationOptions):
    fields = ("title",)
