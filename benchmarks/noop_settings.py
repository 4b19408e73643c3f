"""The settings benchmarks/bench_scoring_load.py serves the app with: the shipped settings plus the no-op endpoint."""

from yuanqu.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.noop"
