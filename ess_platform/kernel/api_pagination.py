import re
from functools import partial

from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .pagination import COUNT_CAP, CappedCountPaginator

# A page number the paginator is ever asked about: a positive integer of at most 18 digits.
PAGE_NUMBER = re.compile(r"\d{1,18}")


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=N&page_size=M, at most 100 a page; a page past the end answers 404, and so
    does a page number that is not a plain number (too long, signed, decimal...). Deep
    pages read their keys first (ess_platform/kernel/pagination.py): same pages, no slow offset.

    A search (``?search=``) counts at most COUNT_CAP + 1 matches: past COUNT_CAP, ``count``
    is COUNT_CAP and ``count_capped`` is true ("more than ``count``"), and ``next`` links
    on as long as rows follow. Without a search, or under the cap, ``count`` is exact and
    ``count_capped`` false."""

    django_paginator_class = CappedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 100
    search_query_param = "search"

    def paginate_queryset(self, queryset, request, view=None):
        searched = (request.query_params.get(self.search_query_param) or "").strip()
        # A view may know its count without counting (``known_count()``, None if not).
        # ... and a deep page may walk from the list's anchors (``page_anchors()``).
        self.django_paginator_class = partial(CappedCountPaginator,
                                              count_cap=COUNT_CAP if searched else None,
                                              known_count=getattr(view, "known_count", None),
                                              anchors=getattr(view, "page_anchors", None))
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response({
            "count": paginator.count_cap if paginator.capped else paginator.count,
            "count_capped": paginator.capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": {**response["properties"]["count"],
                      "description": "How many rows match; with a search, at most "
                                     f"{COUNT_CAP} (see count_capped)."},
            "count_capped": {"type": "boolean", "example": False,
                             "description": "True when a search matches more than `count` "
                                            "rows (the count stops there)."},
            **{key: value for key, value in response["properties"].items() if key != "count"},
        }
        return response

    def get_page_number(self, request, paginator):
        page_number = request.query_params.get(self.page_query_param) or "1"
        if page_number in self.last_page_strings:
            return paginator.num_pages
        if not PAGE_NUMBER.fullmatch(page_number):
            raise NotFound(self.invalid_page_message)
        return page_number
