"""The kinds stored for a post reported to the threshold say "reported": the outbox's
"post_flagged" becomes "post_reported", and a notification's "moderation_flagged" becomes
"moderation_reported" (the preferences of that kind move in accounts' 0003)."""

from django.db import migrations, models

EVENT_KINDS = {'post_flagged': 'post_reported'}
NOTIFICATION_KINDS = {'moderation_flagged': 'moderation_reported'}


def kinds_rename(apps, schema_editor, events=EVENT_KINDS, notifications=NOTIFICATION_KINDS):
    NotificationEvent = apps.get_model('notifications', 'NotificationEvent')
    Notification = apps.get_model('notifications', 'Notification')
    for old, new in events.items():
        NotificationEvent.objects.filter(kind=old).update(kind=new)
    for old, new in notifications.items():
        Notification.objects.filter(kind=old).update(kind=new)


def kinds_rename_back(apps, schema_editor):
    kinds_rename(
        apps,
        schema_editor,
        events={new: old for old, new in EVENT_KINDS.items()},
        notifications={new: old for old, new in NOTIFICATION_KINDS.items()},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('reply', 'Replies to my comments'), ('mention', '@mentions of me'), ('watched_topic', 'New posts in topics I watch'), ('moderation_outcome', 'Decisions on my held posts'), ('moderation_queue', 'New items in the moderation queue (moderators)'), ('moderation_reported', 'Posts reaching the report threshold (moderators)'), ('moderation_reminder', 'Items waiting over 24 hours (moderators)')], max_length=30),
        ),
        migrations.AlterField(
            model_name='notificationevent',
            name='kind',
            field=models.CharField(choices=[('post_published', 'A post became visible'), ('post_approved', 'A held post was approved'), ('post_rejected', 'A held post was rejected'), ('post_removed', 'A post was removed'), ('post_edited', 'A moderator edited a post'), ('post_reported', 'A post reached the report threshold'), ('queue_waiting', 'New posts wait in the moderation queue'), ('queue_reminder', 'A post has waited over a day')], max_length=20),
        ),
        migrations.RunPython(kinds_rename, kinds_rename_back),
    ]
