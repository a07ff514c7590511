"""Flag becomes Report, as the site says. The table (forum_flag) and its index and constraint
names stay: the model names its db_table, so RenameModel renames no table. Django renames the
model's content type itself (contenttypes injects RenameContentType after RenameModel); the
permissions on it are renamed here, so the Moderators' view_flag becomes view_report and the
admin's report pages stay open to them.

The stored action "dismiss_flags" in the moderation log becomes "dismiss_reports". The log is
append-only for the application; rewriting the name of an action is no edit of what happened."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ACTIONS = {'dismiss_flags': 'dismiss_reports'}
PERMISSION_ACTIONS = ('add', 'change', 'delete', 'view')


def actions_rename(apps, schema_editor, names=ACTIONS):
    ModerationLogEntry = apps.get_model('moderation', 'ModerationLogEntry')
    for old, new in names.items():
        ModerationLogEntry.objects.filter(action=old).update(action=new)


def actions_rename_back(apps, schema_editor):
    actions_rename(apps, schema_editor, names={new: old for old, new in ACTIONS.items()})


def permissions_rename(apps, schema_editor, old='flag', new='report'):
    Permission = apps.get_model('auth', 'Permission')
    permissions = Permission.objects.filter(content_type__app_label='moderation')
    for action in PERMISSION_ACTIONS:
        # A database whose permissions were never created (or were made anew) has nothing to
        # rename; post_migrate creates whatever is missing.
        if permissions.filter(codename=f'{action}_{new}').exists():
            continue
        permissions.filter(codename=f'{action}_{old}').update(
            codename=f'{action}_{new}', name=f'Can {action} {new}'
        )


def permissions_rename_back(apps, schema_editor):
    permissions_rename(apps, schema_editor, old='report', new='flag')


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name='Flag', new_name='Report'),
        migrations.AlterField(
            model_name='report',
            name='post',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='discussions.post'),
        ),
        migrations.AlterField(
            model_name='report',
            name='reporter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='moderationlogentry',
            name='action',
            field=models.CharField(choices=[('hold', 'Held by a rule'), ('approve', 'Approved'), ('reject', 'Rejected'), ('remove', 'Removed'), ('restore', 'Restored'), ('spam', 'Marked as spam'), ('dismiss_reports', 'Reports dismissed'), ('feature', 'Featured'), ('unfeature', 'Unfeatured'), ('close_topic', 'Topic closed'), ('open_topic', 'Topic reopened'), ('edit', 'Edited'), ('suspend', 'User suspended'), ('ban', 'User banned'), ('reinstate', 'User reinstated'), ('delete_account', 'Account deleted')], max_length=20),
        ),
        migrations.RunPython(actions_rename, actions_rename_back),
        migrations.RunPython(permissions_rename, permissions_rename_back),
    ]
