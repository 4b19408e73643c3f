"""The settings the test suite runs with: the shipped settings plus an N+1 detector on every request.

django-zeal watches each request a test makes (test client and live server alike): the same query run again and
again from the same line for related rows (an N+1) raises `zeal.errors.NPlusOneError`, so a view that gains an N+1
fails its test. benchmarks/bench_province.py checks the other half, that query counts do not grow with the data.
"""

from yuanqu.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True

# The N+1s found when the detector was added (issue 14), each to be fixed and then taken off this list; any other
# fails its test. Grouped by where they are:
ZEAL_ALLOWLIST = [
    # access: every check of a district user reads their regions again (places/scoping.py region_ids_for)
    {"model": "core.User", "field": "regions"},
    {"model": "places.Region", "field": "users"},
    # a record's history page: each change names its content type (core/models.py ObjectChange.__str__)
    {"model": "core.ObjectChange", "field": "content_type"},
    # industry chains: nodes and parents read per chain / per node (industry/selectors.py, audit snapshots)
    {"model": "industry.Chain", "field": "nodes"},
    {"model": "industry.ChainNode", "field": "parents"},
    {"model": "industry.ChainNode", "field": "children"},
    # audit snapshots read each many-to-many field per object (core/audit.py snapshot)
    {"model": "meetings.Meeting", "field": "visited_regions"},
    {"model": "places.Region", "field": "successors"},
    # names built from a related row (Stop.__str__, Submission.__str__, Region and Industry labels)
    {"model": "meetings.Stop", "field": "project"},
    {"model": "scoring.Submission", "field": "attendee"},
    {"model": "scoring.Submission", "field": "stop"},
    {"model": "places.Region", "field": "name"},
    {"model": "places.Industry", "field": "code"},
    {"model": "places.Industry", "field": "name"},
    {"model": "projects.Enterprise", "field": "name"},
    {"model": "places.Park", "field": "name"},
    {"model": "contenttypes.ContentType", "field": "get()"},
    # DRF's browsable API renders its forms by calling get_object() again (core/api.py), and meeting_close
    # closes its stops one by one (scoring/services.py)
    *({"model": model, "field": "get()"} for model in (
        "industry.Chain", "industry.ChainNode", "industry.CostProfile", "industry.RegionIndustryTable",
        "meetings.Meeting", "meetings.Stop", "peers.IndicatorValue", "places.Carrier", "places.Industry",
        "places.Park", "places.Region", "projects.Enterprise", "projects.ProgressReport", "projects.Project",
        "supervision.SupervisedTask")),
]
