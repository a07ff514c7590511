from django.contrib.auth.management import create_permissions
from django.db import migrations

# Moderators read what they moderate and keep the word lists; administrators hold everything
# in the forum. (The roles migration ran before these models existed.)
MODERATOR_PERMISSIONS = [
    "view_post",
    "view_flag",
    "view_moderationlogentry",
    "view_wordrule",
    "add_wordrule",
    "change_wordrule",
    "delete_wordrule",
    "view_topic",
    "view_category",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    forum = Permission.objects.filter(content_type__app_label="forum")
    Group.objects.get(name="Administrators").permissions.add(*forum)
    Group.objects.get(name="Moderators").permissions.add(
        *forum.filter(codename__in=MODERATOR_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0005_notifications"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
