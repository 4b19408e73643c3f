"""Carrier.status is computed (planned/under construction until completed, then available, partly occupied or full
from the occupied area): the stored column gives way to `construction`, the part people set. Reversible: backwards,
the status column is refilled by the same rule."""

from django.db import migrations, models
from django.db.models import F, Q

BUILDING = ("planned", "under_construction")


def construction_from_status(apps, schema_editor):
    carrier = apps.get_model("places", "Carrier")
    for status in BUILDING:
        carrier.objects.filter(status=status).update(construction=status)
    carrier.objects.exclude(status__in=BUILDING).update(construction="completed")


def status_from_construction(apps, schema_editor):
    carrier = apps.get_model("places", "Carrier")
    for construction in BUILDING:
        carrier.objects.filter(construction=construction).update(status=construction)
    completed = carrier.objects.filter(construction="completed")
    completed.filter(occupied_area__lte=0).update(status="available")
    completed.filter(occupied_area__gt=0, occupied_area__gte=F("floor_area")).update(status="full")
    completed.filter(Q(occupied_area__gt=0) & Q(occupied_area__lt=F("floor_area"))).update(status="partly_occupied")


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0002_load_gbt4754'),
    ]

    operations = [
        migrations.AddField(
            model_name='carrier',
            name='construction',
            field=models.CharField(choices=[('planned', '规划中'), ('under_construction', '在建'), ('completed', '已建成')], default='planned', max_length=20, verbose_name='建设状态'),
        ),
        migrations.RunPython(construction_from_status, status_from_construction),
        migrations.RemoveField(
            model_name='carrier',
            name='status',
        ),
    ]
