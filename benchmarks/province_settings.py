"""The settings benchmarks/bench_province.py serves the app with: the shipped settings plus the query counter."""

from yuanqu.settings import *  # noqa: F403

MIDDLEWARE = ["benchmarks.querycount.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
