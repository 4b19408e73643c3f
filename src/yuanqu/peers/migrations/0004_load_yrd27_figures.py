"""Load the real, sourced figures of the 27 cities (data/yrd27_figures.csv) into every installation.

An empty cell gets the figure, an illustrative (demo) value is replaced, a real value already there (a city's own
import) is kept. Reversing removes only the values that are still exactly the shipped ones (same value and source
address), so a city's own figures survive a rollback.
"""

from decimal import Decimal

from django.db import migrations

from yuanqu.peers import shipped


def load_figures(apps, schema_editor):
    models = (apps.get_model("peers", name) for name in ("PeerRegion", "Indicator", "IndicatorValue"))
    shipped.load_figures(*models)


def unload_figures(apps, schema_editor):
    value_model = apps.get_model("peers", "IndicatorValue")
    for row in shipped.figures():
        value_model.objects.filter(
            region__code=row["code"],
            year=int(row["year"]),
            indicator__key=row["indicator"],
            value=Decimal(row["value"]),
            source_url=row["source_url"],
            illustrative=False,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("peers", "0003_value_provenance")]
    operations = [migrations.RunPython(load_figures, unload_figures)]
