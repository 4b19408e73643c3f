"""The user-region link, until now `core.User.regions`: the same table `core_user_regions` (region_id, user_id)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0003_carrier_status_computed"),
        ("core", "0002_user_regions_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="region",
                    name="users",
                    field=models.ManyToManyField(
                        blank=True, db_table="core_user_regions", related_name="regions",
                        to=settings.AUTH_USER_MODEL, verbose_name="所属区县用户",
                    ),
                )
            ],
            database_operations=[],
        )
    ]
