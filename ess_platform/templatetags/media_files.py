"""{% load media_files %}: the public URL of a stored file's name, through the file storage
(local media or object storage alike), for names read without their model field."""

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def media_url(name):
    return default_storage.url(name) if name else ""
