"""Load the 27 central cities of the Yangtze River Delta (长三角中心区27城) from benchmarks/data/yrd27.csv and the
preset peer group of the same name. Names, provinces and codes only: no statistics are shipped."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "yrd27.csv"
GROUP = "长三角中心区27城"
DESCRIPTION = "《长江三角洲区域一体化发展规划纲要》（2019）确定的中心区27个城市：上海，江苏9市，浙江9市，安徽8市。"


def load(apps, schema_editor):
    region_model = apps.get_model("benchmarks", "PeerRegion")
    group_model = apps.get_model("benchmarks", "PeerGroup")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    regions = [
        region_model.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "province": row["province"]})[0]
        for row in rows
    ]
    group, _created = group_model.objects.update_or_create(name=GROUP, defaults={"description": DESCRIPTION})
    group.members.set(regions)


def unload(apps, schema_editor):
    apps.get_model("benchmarks", "PeerGroup").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("benchmarks", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
