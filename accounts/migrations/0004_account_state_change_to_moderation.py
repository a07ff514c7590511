"""The record of account-state changes (suspensions, bans, reinstatements, deletions) moved to
the moderation app, which writes them. Its table stays as it is (the model names its
`db_table`), so this only takes the model out of this app's state, without touching the table;
moderation's 0003 takes it into its own. The content type follows, so permissions granted on
it and admin history stay attached."""

from django.db import migrations


def content_type_hand_over(apps, schema_editor, old="accounts", new="moderation"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model="accountstatechange").update(app_label=new)


def content_type_take_back(apps, schema_editor):
    content_type_hand_over(apps, schema_editor, old="moderation", new="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notification_kind_moderation_reported"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(content_type_hand_over, content_type_take_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("AccountStateChange")],
            database_operations=[],
        ),
    ]
