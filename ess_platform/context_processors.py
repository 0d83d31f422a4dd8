from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from regional_hubs.scoping import is_delegate, is_national_admin

# The site's sections, in menu order: (URL name, title, what a visitor finds there).
SECTIONS = [
    ("regional_hubs:regions", _("Regions and hubs"),
     _("The regional SSE hubs, each region's needs and potentials.")),
    ("cooperatives:directory", _("Cooperatives"),
     _("The national directory of cooperatives and their products, by region and sector.")),
    ("projects_bank:home", _("Projects bank"),
     _("Submit a project idea, take part in ideathons, find economic models, financing and "
       "partners.")),
    ("events:list", _("Events"),
     _("Workshops, consultations, fairs and ideathons near you; register online.")),
]


def sections():
    """The sections whose pages exist, with their URLs in the active language."""
    found = []
    for url_name, title, summary in SECTIONS:
        try:
            found.append({"url": reverse(url_name), "title": title, "summary": summary})
        except NoReverseMatch:
            continue
    return found


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
        "sections": sections(),
        "user_is_national_admin": is_national_admin(user),
        "user_is_delegate": is_delegate(user),
    }
