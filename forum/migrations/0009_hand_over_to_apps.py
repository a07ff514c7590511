"""The forum became three apps: discussions, moderation and notifications. Their models keep
the tables made here (each names its `db_table`), so this migration only takes the models out
of this app's state, without touching a table; each app's first migration takes them into its
own. Content types follow, so permissions granted to the roles and admin history stay attached."""

from django.db import migrations

APPS = {
    "discussions": ["category", "topic", "post", "postrevision", "reaction"],
    "moderation": ["wordrule", "flag", "moderationlogentry"],
    "notifications": ["topicsubscription", "notificationevent", "notification"],
}


def content_types_hand_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in APPS.items():
        ContentType.objects.filter(app_label="forum", model__in=models).update(app_label=app_label)


def content_types_take_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in APPS.items():
        ContentType.objects.filter(app_label=app_label, model__in=models).update(app_label="forum")


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0008_moderator_edits"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(content_types_hand_over, content_types_take_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("Notification"),
                migrations.DeleteModel("NotificationEvent"),
                migrations.DeleteModel("TopicSubscription"),
                migrations.DeleteModel("ModerationLogEntry"),
                migrations.DeleteModel("Flag"),
                migrations.DeleteModel("WordRule"),
                migrations.DeleteModel("Reaction"),
                migrations.DeleteModel("PostRevision"),
                migrations.RemoveField("topic", "opening_post"),
                migrations.DeleteModel("Post"),
                migrations.DeleteModel("Topic"),
                migrations.DeleteModel("Category"),
            ],
            database_operations=[],
        ),
    ]
