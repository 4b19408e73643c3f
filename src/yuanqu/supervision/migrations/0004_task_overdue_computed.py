"""SupervisedTask.overdue is computed from status, deadline and finished_on (SupervisedTaskQuerySet.with_overdue):
the stored column goes. Reversing brings the column back and fills it by the same rule, judged on the day of the
reversal, as the old nightly `tasks overdue` run would have."""

from django.db import migrations, models
from django.utils import timezone

ACTIVE = ("open", "in_progress")


def refill_overdue(apps, schema_editor):
    task = apps.get_model("supervision", "SupervisedTask")
    today = timezone.localdate()
    task.objects.filter(status__in=ACTIVE, deadline__lt=today).update(overdue=True)
    task.objects.exclude(status__in=ACTIVE).filter(finished_on__gt=models.F("deadline")).update(overdue=True)


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0003_ruleset_one_active'),
    ]

    operations = [
        # forwards nothing to keep (the value is recomputed); backwards this runs after the column is re-added
        migrations.RunPython(migrations.RunPython.noop, refill_overdue),
        migrations.RemoveField(
            model_name='supervisedtask',
            name='overdue',
        ),
        migrations.AddIndex(
            model_name='supervisedtask',
            index=models.Index(fields=['status', 'deadline'], name='task_status_deadline'),
        ),
    ]
