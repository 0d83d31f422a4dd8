from modeltranslation.translator import TranslationOptions, register

from .models import (
    Commune,
    HubContact,
    HubMilestone,
    HubPartner,
    HubService,
    Province,
    Region,
    RegionalHub,
)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Province)
class ProvinceTranslation(TranslationOptions):
    fields = ("name",)


@register(Commune)
class CommuneTranslation(TranslationOptions):
    fields = ("name",)


@register(RegionalHub)
class RegionalHubTranslation(TranslationOptions):
    fields = ("name", "description", "address", "opening_hours")


@register(HubService)
class HubServiceTranslation(TranslationOptions):
    fields = ("description",)


@register(HubContact)
class HubContactTranslation(TranslationOptions):
    fields = ("name", "role")


@register(HubPartner)
class HubPartnerTranslation(TranslationOptions):
    fields = ("name", "role")


@register(HubMilestone)
class HubMilestoneTranslation(TranslationOptions):
    fields = ("title", "description")
