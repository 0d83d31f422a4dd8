from modeltranslation.translator import TranslationOptions, register

from .models import Event, Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "address", "organisers", "partners")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "speakers", "room")
