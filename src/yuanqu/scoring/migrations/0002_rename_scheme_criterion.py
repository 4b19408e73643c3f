"""The models `Scheme` and `Criterion` become `ScoringScheme` and `ScoringCriterion` (the pure `scoring.scheme`
dataclasses had the same names): tables scoring_scheme → scoring_scoringscheme and scoring_criterion →
scoring_scoringcriterion, rows, foreign keys and related names unchanged. Django renames the content types (so the
change log keeps naming its objects); the permissions' codenames (change_scheme …) are renamed here, or a staff
user granted them would lose them to new, ungranted ones."""

from django.db import migrations

RENAMED = {"scheme": "scoringscheme", "criterion": "scoringcriterion"}
ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(apps, schema_editor, renamed=RENAMED):
    permission = apps.get_model("auth", "Permission")
    permissions = permission.objects.using(schema_editor.connection.alias).filter(content_type__app_label="scoring")
    for old, new in renamed.items():
        for action in ACTIONS:
            for row in permissions.filter(codename=f"{action}_{old}"):
                # a database that already has the new codename (permissions made for the new model) keeps both
                if not permissions.filter(content_type_id=row.content_type_id, codename=f"{action}_{new}").exists():
                    row.codename = f"{action}_{new}"
                    row.save(update_fields=["codename"])


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel("Scheme", "ScoringScheme"),
        migrations.RenameModel("Criterion", "ScoringCriterion"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
