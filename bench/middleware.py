"""Bench only: each response says how many SQL queries it made (``X-Bench-Queries``), so
the mix can count its cache hits (bench/mix.lua: a hit reads at most the cache version)."""

from django.db import connections


class QueryCountHeader:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count[0])
        return response
