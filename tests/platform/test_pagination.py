"""One pagination markup for every list: the include keeps the list's filters on its links."""

import os
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ess_platform.kernel.notifications import services
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = "templates/includes/pagination.html"


def _page(number, *, items=45, size=20):
    return Paginator(range(items), size).get_page(number)


def test_the_links_keep_the_filters_and_name_the_page():
    with translation.override("en"):
        html = render_to_string("includes/pagination.html",
                                {"page": _page(2), "query": "q=argan&region=09"})
    assert 'href="?q=argan&amp;region=09&amp;page=1"' in html
    assert 'href="?q=argan&amp;region=09&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_without_filters_the_links_carry_the_page_only():
    with translation.override("en"):
        html = render_to_string("includes/pagination.html", {"page": _page(1)})
    assert 'href="?page=2"' in html
    assert "Previous" not in html


def test_a_single_page_shows_no_pagination():
    assert render_to_string("includes/pagination.html", {"page": _page(1, items=3)}).strip() == ""


@pytest.mark.django_db
def test_the_unread_inbox_keeps_its_filter_from_page_to_page(client):
    member = UserFactory()
    for index in range(25):
        services.notify(kind="message", key=f"p{index}", user=member,
                        context={"subject": f"Subject {index}", "body": "Body"})
    client.force_login(member)
    response = client.get(reverse("notifications:inbox"), {"unread": "1"})
    assert 'href="?unread=1&amp;page=2"' in response.content.decode()
    response = client.get(reverse("notifications:inbox"))
    assert 'href="?page=2"' in response.content.decode()


def test_no_template_writes_its_own_pagination():
    copies = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in {"node_modules", "venv"}]
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(ROOT).as_posix()
            if (name.endswith(".html") and relative != INCLUDE
                    and "has_previous" in path.read_text(encoding="utf-8")):
                copies.append(relative)
    assert copies == []
