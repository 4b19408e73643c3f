"""Make the tables of the peers app: carry over a database of the former `benchmarks` app, or create them.

A database migrated while the app was called `benchmarks` has its rows in `benchmarks_*` tables: they are renamed to
`peers_*` (M2M tables included), nothing is copied. Its content types (app label `benchmarks`) become `peers`, so the
change log (core.ObjectChange), the admin log and the permissions still name their objects, and the former app's
rows in `django_migrations` are removed. A fresh database gets the tables created.

The 27 central cities of the Yangtze River Delta (长三角中心区27城, data/yrd27.csv) and the preset peer group of the
same name are loaded unless the former app's data migration (`benchmarks.0002_load_yrd27`) already did: a carried
over database keeps what people changed since. Names, provinces and codes only: no statistics are shipped.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

from yuanqu.peers import shipped

APP, FORMER_APP = "peers", "benchmarks"
FORMER_DATA_MIGRATION = "0002_load_yrd27"
# Referenced models first: creation and the reverse (drop) follow this order.
MODELS = ("PeerRegion", "PeerGroup", "Indicator", "IndicatorValue")


def former_table(model) -> str:
    """peers_peergroup_members → benchmarks_peergroup_members."""
    return FORMER_APP + model._meta.db_table.removeprefix(APP)


def tables(model) -> list:
    """The model and its auto-created M2M through models: every table the model owns."""
    return [model] + [
        field.remote_field.through
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def load_shipped(apps) -> None:
    """The 27 regions and their group (idempotent)."""
    shipped.load(apps.get_model(APP, "PeerRegion"), apps.get_model(APP, "PeerGroup"))


def carry_over_or_create(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    recorder = MigrationRecorder(connection)
    former_migrations = set()
    if recorder.has_table():
        former_migrations = set(recorder.migration_qs.filter(app=FORMER_APP).values_list("name", flat=True))
    for name in MODELS:
        model = apps.get_model(APP, name)
        if former_table(model) in existing:
            for table_model in tables(model):
                schema_editor.alter_db_table(table_model, former_table(table_model), table_model._meta.db_table)
        else:
            schema_editor.create_model(model)
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.using(connection.alias).filter(app_label=FORMER_APP).update(app_label=APP)
    if former_migrations:
        recorder.migration_qs.filter(app=FORMER_APP).delete()
    if FORMER_DATA_MIGRATION not in former_migrations:
        load_shipped(apps)


def drop(apps, schema_editor):
    for name in reversed(MODELS):
        schema_editor.delete_model(apps.get_model(APP, name))


class Migration(migrations.Migration):
    dependencies = [(APP, "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(carry_over_or_create, drop)]
