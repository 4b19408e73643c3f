"""The app was called `benchmarks`: migration peers.0002 carries a database migrated under that name over (tables
renamed, content types relabelled, rows and their change log kept) and gives a fresh database new tables and the
27 shipped cities. Run on SQLite and PostgreSQL alike (the schema editor needs a transactional test)."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tests.factories import world as make_world
from yuanqu.core import audit
from yuanqu.core.models import ChangeAction
from yuanqu.peers import shipped
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion

MIGRATION = import_module("yuanqu.peers.migrations.0002_tables_from_benchmarks")

pytestmark = pytest.mark.django_db(transaction=True)


def state_before_0002():
    """The models as the migration sees them (the state after its dependencies)."""
    return MigrationExecutor(connection).loader.project_state(MIGRATION.Migration.dependencies).apps


def every_table(apps) -> list:
    return [model for name in MIGRATION.MODELS for model in MIGRATION.tables(apps.get_model("peers", name))]


def table_names() -> set[str]:
    return set(connection.introspection.table_names())


def run_migration(apps) -> None:
    with connection.schema_editor() as editor:
        MIGRATION.carry_over_or_create(apps, editor)
    ContentType.objects.clear_cache()


def catch_up() -> None:
    """Bring tables the test re-created as 0002 makes them to the current schema: apply the later schema migration
    (0003: the provenance fields) to them, as `migrate` does after 0002 on a real database."""
    loader = MigrationExecutor(connection).loader
    state = loader.project_state(("peers", "0002_tables_from_benchmarks"))
    with connection.schema_editor() as editor:
        loader.get_migration("peers", "0003_value_provenance").apply(state, editor)


def make_former_app_database(apps, former_migrations) -> None:
    """Turn the test database into one migrated while the app was `benchmarks`: its tables, content types and
    migration records under that name."""
    with connection.schema_editor() as editor:
        for model in every_table(apps):
            editor.alter_db_table(model, model._meta.db_table, MIGRATION.former_table(model))
    ContentType.objects.filter(app_label="peers").update(app_label="benchmarks")
    ContentType.objects.clear_cache()
    recorder = MigrationRecorder(connection)
    for name in former_migrations:
        recorder.record_applied("benchmarks", name)


def test_a_database_of_the_former_benchmarks_app_keeps_its_rows_and_change_log():
    # given: a database with peer data, a change log and the former app's names
    organiser = make_world().organiser
    home = PeerRegion.objects.get(code="320900")
    home.name = "盐城（改名）"
    home.save()
    group = PeerGroup.objects.get(name=shipped.GROUP)
    group.members.remove(PeerRegion.objects.get(code="310000"))
    indicator = Indicator.objects.get(key="gdp")  # shipped
    value = IndicatorValue.objects.create(region=home, year=2024, indicator=indicator, value=Decimal("7779.9"))
    shipped_values = IndicatorValue.objects.exclude(pk=value.pk).count()
    change = audit.record(user=organiser, action=ChangeAction.CREATE, instance=value, before=None)
    content_type_ids = dict(ContentType.objects.filter(app_label="peers").values_list("model", "pk"))
    apps = state_before_0002()
    make_former_app_database(apps, ["0001_initial", "0002_load_yrd27"])
    assert {MIGRATION.former_table(m) for m in every_table(apps)} <= table_names()
    assert not {m._meta.db_table for m in every_table(apps)} & table_names()

    # when
    run_migration(apps)

    # then: the same tables under the new names, the same rows
    tables = table_names()
    assert {m._meta.db_table for m in every_table(apps)} <= tables
    assert not [t for t in tables if t.startswith("benchmarks_")]
    assert PeerRegion.objects.get(code="320900").name == "盐城（改名）"  # what people changed is not reloaded
    assert PeerGroup.objects.get(name=shipped.GROUP).members.count() == 26
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("7779.9000")
    assert IndicatorValue.objects.exclude(pk=value.pk).count() == shipped_values
    # content types keep their ids under the new label, so the change log and permissions name their objects
    assert dict(ContentType.objects.filter(app_label="peers").values_list("model", "pk")) == content_type_ids
    assert not ContentType.objects.filter(app_label="benchmarks").exists()
    assert list(audit.history(value)) == [change]
    assert ContentType.objects.get(pk=change.content_type_id).model_class() is IndicatorValue
    assert Permission.objects.get(codename="change_indicatorvalue").content_type.app_label == "peers"
    assert not MigrationRecorder(connection).migration_qs.filter(app="benchmarks").exists()
    # the renamed tables take new rows (primary-key sequences, the M2M table)
    other = IndicatorValue.objects.create(region=home, year=2023, indicator=indicator, value=Decimal("7403.9"))
    assert other.pk > value.pk
    group.members.add(PeerRegion.objects.get(code="310000"))
    assert group.members.count() == 27


def test_the_shipped_cities_are_loaded_when_the_former_app_had_not_loaded_them():
    PeerGroup.objects.all().delete()
    PeerRegion.objects.all().delete()
    apps = state_before_0002()
    make_former_app_database(apps, ["0001_initial"])

    run_migration(apps)

    assert PeerGroup.objects.get(name=shipped.GROUP).members.count() == 27


def test_a_fresh_database_gets_new_tables_and_the_27_cities():
    apps = state_before_0002()
    with connection.schema_editor() as editor:
        MIGRATION.drop(apps, editor)  # the reverse of the migration
    assert not {m._meta.db_table for m in every_table(apps)} & table_names()

    run_migration(apps)
    catch_up()

    assert {m._meta.db_table for m in every_table(apps)} <= table_names()
    group = PeerGroup.objects.get(name=shipped.GROUP)
    assert group.members.count() == 27
    assert PeerRegion.objects.get(code="320900").name == "盐城市"


def test_admin_pages_of_the_former_name_redirect_permanently(admin_client):
    response = admin_client.get("/admin/benchmarks/peerregion/?q=盐城")
    assert response.status_code == 301
    assert response["Location"] == "/admin/peers/peerregion/?q=%E7%9B%90%E5%9F%8E"
    assert admin_client.get(response["Location"]).status_code == 200
    assert admin_client.get("/admin/benchmarks/").status_code == 301
