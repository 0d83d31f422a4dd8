"""The admin reads in Arabic (and French) from end to end: a crawl as a regional delegate
and as a national administrator walks the index, every changelist, the add and change
pages of one object of each model and their history pages, and fails on interface text
left in English: messages of Django's, the admin's, django-axes' or our own catalogues
shown untranslated, permission names, raw choice codes (``event_waitlisted``, ``inapp``)
and English words in labels, headings, buttons, links and attributes people read."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from ess_platform.kernel.notifications.channels import registry
from ess_platform.kernel.notifications.services import notify
from regional_hubs.scoping import unscoped
from tests.platform.test_one_meaning import read_po

ROOT = Path(__file__).resolve().parents[2]
SITE_PACKAGES = Path(django.__file__).resolve().parents[1]
#: Catalogues whose messages the admin shows.
SOURCES = [
    "django/conf/locale/{lang}/LC_MESSAGES/django.po",
    "django/contrib/admin/locale/{lang}/LC_MESSAGES/django.po",
    "django/contrib/auth/locale/{lang}/LC_MESSAGES/django.po",
    "django/contrib/contenttypes/locale/{lang}/LC_MESSAGES/django.po",
    "axes/locale/{lang}/LC_MESSAGES/django.po",
]
#: Elements whose own text is interface, not data.
INTERFACE_TAGS = {"h1", "h2", "h3", "legend", "label", "button", "caption", "summary",
                  "title", "th"}
#: Parts of the admin's pages that hold interface text only.
INTERFACE_CLASSES = {"breadcrumbs", "help", "object-tools", "submit-row", "actions",
                     "paginator", "errornote", "errorlist"}
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
PERMISSION = re.compile(r"\bCan (add|change|delete|view) ")
RAW_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")
WORD = re.compile(r"[A-Za-z]{3,}")
#: Latin words that are names, not English (the platform's own name and acronyms).
NAMES = {"ESS", "SSE", "API", "URL", "CSV", "XLSX", "PDF", "HCP", "ODCo", "AFD", "SMS",
         "Maroc", "Morocco", "iCal", "ics", "JSON", "HTTPS", "HTTP", "Mouazara", "Tamkine",
         "ISO", "UTC", "OpenStreetMap", "Kannel", "WhatsApp", "Terr"}


def english_messages(language):
    """Messages the admin may show, in English, whose translation differs."""
    found = set()
    catalogues = [SITE_PACKAGES / source.format(lang=language) for source in SOURCES]
    catalogues += [p for p in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
                   if ".venv" not in p.parts]
    for path in catalogues:
        if not path.exists():
            continue
        for (_context, msgid), msgstr in read_po(path).items():
            if msgid != msgstr and WORD.search(msgid) and "%" not in msgid:
                found.add(" ".join(msgid.split()))
    return found


class Texts(HTMLParser):
    """(kind, text) read on a page: text nodes, interface elements, attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.items, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "textarea", "template"}:
            self.skip += 1
        classes = (attrs.get("class") or "").split()
        # Data cells: the result list's cells, read-only values, the object's own name.
        data = (tag in {"td", "th"} and any(c.startswith("field-") for c in classes)) or \
            "readonly" in classes or tag == "option" or "data-value" in attrs
        interface = tag in INTERFACE_TAGS or bool(INTERFACE_CLASSES & set(classes))
        self.stack.append((tag, data, interface))
        for name in READ_ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.items.append(("attribute", attrs[name]))
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.items.append(("interface", attrs["value"]))
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in {"script", "style", "textarea", "template"}:
            self.skip = max(self.skip - 1, 0)
        while self.stack:
            open_tag = self.stack.pop()[0]
            if open_tag == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text or self.skip:
            return
        if any(is_data for _tag, is_data, _interface in self.stack):
            self.items.append(("data", text))
        elif any(interface for _tag, _data, interface in self.stack):
            self.items.append(("interface", text))
        else:
            self.items.append(("text", text))


def untranslated(html, messages, codes, data=(), language="ar"):
    """What on a page is interface text left in English (``data``: the object's own name,
    shown in the title, the heading and the breadcrumbs)."""
    parser = Texts()
    parser.feed(html)
    found = []
    for kind, text in parser.items:
        bare = text.strip(" :·|›«»()\u200f\u200e")
        if any(value and value in text for value in data):
            continue
        if PERMISSION.search(text):
            found.append(("permission", text))
        elif kind != "data" and (bare in messages or bare.rstrip(".") in messages):
            found.append(("message", text))
        elif kind != "data" and (RAW_CODE.fullmatch(bare) or bare in codes):
            found.append(("code", text))
        elif (language == "ar" and kind in {"interface", "attribute"} and "@" not in text
              and "/" not in text):
            words = [w for w in WORD.findall(text) if w not in NAMES]
            if words and not re.search(r"[\u0600-\u06FF]", text):
                found.append((kind, text))
    return found


@pytest.fixture
def demo(territory, national_admin):
    call_command("seed_demo", quiet_accounts=True, stdout=io.StringIO())
    # A notification with its deliveries, for the notification and delivery pages.
    with unscoped():
        notify(kind="message", key="admin-crawl", user=national_admin,
               context={"subject": "Bienvenue", "body": "Bienvenue sur la plateforme."})


def admin_pages(user):
    """(label, url, object name) of every admin page the user may open, one object per model."""
    request = RequestFactory().get("/")
    request.user = user
    pages = [("index", reverse("admin:index"), "")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        pages.append((f"{opts.label} list", reverse(f"{name}_changelist"), ""))
        if model_admin.has_add_permission(request):
            pages.append((f"{opts.label} add", reverse(f"{name}_add"), ""))
        with unscoped():
            obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            continue
        pages.append((f"{opts.label} change", reverse(f"{name}_change", args=[obj.pk]),
                      str(obj)))
        try:
            pages.append((f"{opts.label} history", reverse(f"{name}_history",
                                                           args=[obj.pk]), str(obj)))
        except NoReverseMatch:
            pass
    return pages


def crawl(client, user, language):
    client.force_login(user)
    messages = english_messages(language)
    codes = set(registry())
    problems, seen = {}, 0
    with translation.override(language), unscoped():
        pages = admin_pages(user)
    for label, url, name in pages:
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        seen += 1
        found = untranslated(response.content.decode(), messages, codes, data=[name],
                             language=language)
        if found:
            problems[f"{label} {url}"] = sorted(set(found))[:12]
    return seen, problems


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "language"), [("delegate", "ar"), ("national_admin", "ar"),
                                               ("national_admin", "fr")])
def test_the_admin_has_no_english_left(client, demo, who, language, request):
    user = request.getfixturevalue(who)
    seen, problems = crawl(client, user, language)
    assert seen > 10
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())


@pytest.mark.django_db
def test_the_admin_scripts_are_translated_with_moroccan_months(client, delegate):
    client.force_login(delegate)
    with translation.override("ar"):
        script = client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)
    assert '"Choose all %s": "اختر كل %s"' in catalogue
    assert '"November": "نونبر"' in catalogue


def test_the_detector_finds_english_interface_and_leaves_data_alone():
    html = ('<h1>Select user to change</h1><td class="field-name">Atelier ESS</td>'
            '<label>الاسم:</label><p>Can add cooperative</p><img alt="Search">'
            '<td>event_waitlisted</td><td>inapp</td><div class="readonly">draft</div>')
    found = untranslated(html, {"Search"}, {"inapp"})
    assert ("interface", "Select user to change") in found
    assert ("permission", "Can add cooperative") in found
    assert ("attribute", "Search") in found or ("message", "Search") in found
    assert ("code", "event_waitlisted") in found and ("code", "inapp") in found
    assert not any("Atelier" in text or text == "draft" for _kind, text in found)
