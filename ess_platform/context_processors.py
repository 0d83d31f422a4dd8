from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from regional_hubs.scoping import is_delegate, is_national_admin


def site(request):
    user = getattr(request, "user", None)
    current = get_language()
    path = request.get_full_path()
    other_languages = [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {
        "other_languages": other_languages,
        "user_is_national_admin": is_national_admin(user),
        "user_is_delegate": is_delegate(user),
    }
