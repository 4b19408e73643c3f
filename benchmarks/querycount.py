"""Benchmark-only middleware (benchmarks/province_settings.py): the number of SQL queries a response took, in the
`X-Queries` header, so a benchmark over real HTTP can print it beside the latency. Never in the shipped settings."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                return response
        response["X-Queries"] = str(count[0])
        return response
