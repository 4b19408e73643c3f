"""The user-region link moves to `places.Region.users` (same table, same columns): only Django's state changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="user", name="regions")],
            database_operations=[],
        )
    ]
