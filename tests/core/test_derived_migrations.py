"""The migrations that drop stored derived values (Carrier.status, SupervisedTask.overdue) keep the data both ways:
forwards the source each value is computed from is kept, backwards the column is refilled by the same rule."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

CARRIER = [("places", "0002_load_gbt4754")], [("places", "0003_carrier_status_computed")]
TASK = [("supervision", "0003_ruleset_one_active")], [("supervision", "0004_task_overdue_computed")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Leave the database as the other tests expect it: every migration applied, including later ones of the
    same apps that migrating back to `before` unapplied (places.0005 adds columns)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_carrier_status_becomes_construction_and_comes_back():
    before, after = CARRIER
    old = migrate(before)
    region = old.get_model("places", "Region").objects.create(code="320902", name="亭湖区", level="district")
    park = old.get_model("places", "Park").objects.create(name="亭湖园区", region=region, level="provincial")
    carrier = old.get_model("places", "Carrier")
    rows = {  # name: (stored status, occupied area of 100 m²)
        "规划": ("planned", 0), "在建": ("under_construction", 0), "待入驻": ("available", 0),
        "部分": ("partly_occupied", 40), "满租": ("full", 100),
    }
    for name, (status, occupied) in rows.items():
        carrier.objects.create(name=name, park=park, kind="standard_factory", floor_area=100,
                               occupied_area=occupied, status=status)
    try:
        new = migrate(after)
        constructions = dict(new.get_model("places", "Carrier").objects.values_list("name", "construction"))
        assert constructions == {"规划": "planned", "在建": "under_construction", "待入驻": "completed",
                                 "部分": "completed", "满租": "completed"}
        old = migrate(before)
        statuses = dict(old.get_model("places", "Carrier").objects.values_list("name", "status"))
        assert statuses == {name: status for name, (status, _) in rows.items()}
    finally:
        migrate_to_latest()


def test_task_overdue_is_refilled_when_the_migration_is_reversed():
    before, after = TASK
    new = migrate(after)
    region = new.get_model("places", "Region").objects.create(code="320902", name="亭湖区", level="district")
    task = new.get_model("supervision", "SupervisedTask")
    today = timezone.localdate()
    late, soon = today - dt.timedelta(days=3), today + dt.timedelta(days=3)
    rows = {  # title: (status, deadline, finished_on, overdue)
        "逾期未办": ("open", late, None, True), "未到期": ("in_progress", soon, None, False),
        "逾期办结": ("done", late, today, True), "按期办结": ("closed", soon, today, False),
    }
    for title, (status, deadline, finished, _) in rows.items():
        task.objects.create(title=title, region=region, owner_unit="亭湖区", responsible_person="张三",
                            deadline=deadline, status=status, finished_on=finished)
    try:
        old = migrate(before)
        overdue = dict(old.get_model("supervision", "SupervisedTask").objects.values_list("title", "overdue"))
        assert overdue == {title: row[3] for title, row in rows.items()}
    finally:
        migrate_to_latest()
