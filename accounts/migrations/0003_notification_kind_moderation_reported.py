"""The notification kind "moderation_flagged" becomes "moderation_reported", as the site says:
each person's chosen delivery for it moves with it. (Notifications already sent move in
forum/notifications' 0002; unsubscribe links already mailed with the old kind are still read by
forum/notifications/messages.py.)"""

from django.db import migrations, models

KINDS = {'moderation_flagged': 'moderation_reported'}


def kinds_rename(apps, schema_editor, names=KINDS):
    NotificationPreference = apps.get_model('accounts', 'NotificationPreference')
    for old, new in names.items():
        NotificationPreference.objects.filter(kind=old).update(kind=new)


def kinds_rename_back(apps, schema_editor):
    kinds_rename(apps, schema_editor, names={new: old for old, new in KINDS.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notificationpreference',
            name='kind',
            field=models.CharField(choices=[('reply', 'Replies to my comments'), ('mention', '@mentions of me'), ('watched_topic', 'New posts in topics I watch'), ('moderation_outcome', 'Decisions on my held posts'), ('moderation_queue', 'New items in the moderation queue (moderators)'), ('moderation_reported', 'Posts reaching the report threshold (moderators)'), ('moderation_reminder', 'Items waiting over 24 hours (moderators)')], max_length=30),
        ),
        migrations.RunPython(kinds_rename, kinds_rename_back),
    ]
