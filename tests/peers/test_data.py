"""The shipped peer group: 长三角中心区27城, loaded by a data migration."""

import re
from collections import Counter
from importlib import import_module

import pytest
from django.apps import apps

from yuanqu.peers import shipped
from yuanqu.peers.models import PeerGroup, PeerRegion

pytestmark = pytest.mark.django_db


def test_the_27_central_cities_are_loaded_with_valid_codes():
    group = PeerGroup.objects.get(name="长三角中心区27城")
    members = list(group.members.all())
    assert len(members) == 27
    assert all(re.fullmatch(r"\d{6}", m.code) for m in members)
    assert len({m.code for m in members}) == 27
    # province prefix of the code agrees with the province
    prefixes = {"上海市": "31", "江苏省": "32", "浙江省": "33", "安徽省": "34"}
    assert all(m.code.startswith(prefixes[m.province]) for m in members)


def test_split_by_province_is_1_9_9_8():
    counts = Counter(PeerGroup.objects.get(name="长三角中心区27城").members.values_list("province", flat=True))
    assert counts == {"上海市": 1, "江苏省": 9, "浙江省": 9, "安徽省": 8}


def test_selected_codes_and_the_home_city():
    codes = dict(PeerRegion.objects.values_list("name", "code"))
    assert codes["盐城市"] == "320900"
    assert codes["上海市"] == "310000"
    assert codes["嘉兴市"] == "330400"
    assert codes["湖州市"] == "330500"
    assert codes["宣城市"] == "341800"
    assert "徐州市" not in codes  # not one of the 27


def test_registry_region_links_the_same_city_by_code(world):
    assert PeerRegion.objects.get(code="320900").registry_region == world.city
    assert PeerRegion.objects.get(code="320100").registry_region is None


def test_the_data_migration_loads_the_group_idempotently():
    PeerGroup.objects.all().delete()
    PeerRegion.objects.all().delete()
    migration = import_module("yuanqu.peers.migrations.0002_tables_from_benchmarks")
    migration.load_shipped(apps)
    migration.load_shipped(apps)
    assert PeerRegion.objects.count() == 27
    assert PeerGroup.objects.get(name=shipped.GROUP).members.count() == 27
