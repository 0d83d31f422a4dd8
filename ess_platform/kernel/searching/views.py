from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ..pagination import COUNT_CAP, capped_count
from .engine import MAX_QUERY, Search
from .registry import search_lists

#: Rows shown per type; the list page has the rest.
PER_TYPE = 5


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY,
                        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))


@require_safe
def search(request):
    """Every public list at once, grouped by type, each ranked like its own page: two
    queries a type at most (its first rows, and its count up to COUNT_CAP when there are
    more)."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = Search(query)
    sections = []
    if found:
        for item in search_lists():
            queryset = item.search(found)
            rows = list(queryset[:PER_TYPE])
            total = capped_count(queryset, COUNT_CAP) if len(rows) == PER_TYPE else len(rows)
            sections.append({
                "key": item.key, "label": item.label, "total": min(total, COUNT_CAP),
                "capped": total > COUNT_CAP,
                "rows": [item.describe(row) for row in rows],
                "url": f"{reverse(item.url_name)}?{urlencode({'q': found.query})}",
            })
    empty = bool(found) and not any(section["total"] for section in sections)
    return render(request, "searching/search.html", {
        "form": form, "search": found, "sections": sections, "empty": empty,
        "suggestions": found.suggestions() if empty else [],
    }, status=200 if form.is_valid() or not form.is_bound else 400)
