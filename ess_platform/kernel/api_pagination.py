import re

from rest_framework import pagination
from rest_framework.exceptions import NotFound

from .pagination import DeferredJoinPaginator

# A page number the paginator is ever asked about: a positive integer of at most 18 digits.
PAGE_NUMBER = re.compile(r"\d{1,18}")


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=N&page_size=M, at most 100 a page; a page past the end answers 404, and so
    does a page number that is not a plain number (too long, signed, decimal...). Deep
    pages read their keys first (ess_platform/kernel/pagination.py): same pages, no slow offset."""

    django_paginator_class = DeferredJoinPaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        page_number = request.query_params.get(self.page_query_param) or "1"
        if page_number in self.last_page_strings:
            return paginator.num_pages
        if not PAGE_NUMBER.fullmatch(page_number):
            raise NotFound(self.invalid_page_message)
        return page_number
