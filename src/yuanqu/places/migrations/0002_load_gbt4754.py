"""Load GB/T 4754-2017 sections (门类) and divisions (大类) from places/data/gbt4754_2017.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gbt4754_2017.csv"


def load(apps, schema_editor):
    industry_model = apps.get_model("places", "Industry")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    by_code = {}
    for row in rows:  # sections come first in the file, so parents exist before their children
        by_code[row["code"]], _ = industry_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "parent": by_code.get(row["parent"])})


def unload(apps, schema_editor):
    apps.get_model("places", "Industry").objects.filter(code__regex=r"^([A-T]|\d{2})$").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
