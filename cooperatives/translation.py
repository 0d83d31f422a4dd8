from modeltranslation.translator import TranslationOptions, register

from .models import Cooperative, Product, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Cooperative)
class CooperativeTranslation(TranslationOptions):
    fields = ("name", "description", "address")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")
