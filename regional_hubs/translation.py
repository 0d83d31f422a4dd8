from modeltranslation.translator import TranslationOptions, register

from .models import Commune, HubService, Province, Region, RegionalHub


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
