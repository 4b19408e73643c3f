"""Load the 27 central cities of the Yangtze River Delta (长三角中心区27城) from benchmarks/data/yrd27.csv and the
preset peer group of the same name. Names, provinces and codes only: no statistics are shipped."""

from django.db import migrations

from yuanqu.benchmarks import shipped


def load(apps, schema_editor):
    shipped.load(apps.get_model("benchmarks", "PeerRegion"), apps.get_model("benchmarks", "PeerGroup"))


def unload(apps, schema_editor):
    apps.get_model("benchmarks", "PeerGroup").objects.filter(name=shipped.GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
