from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "suspend_user"),
    ("accounts", "ban_user"),
]
ADMINISTRATOR_APPS = ("accounts", "articles", "forum")
ADMINISTRATOR_AUTH_PERMISSIONS = ["view_group", "view_permission"]


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    for label in ("auth", *ADMINISTRATOR_APPS):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ("Readers", "Moderators", "Editors", "Administrators"):
        Group.objects.get_or_create(name=name)

    moderators = Group.objects.get(name="Moderators")
    for app_label, codename in MODERATOR_PERMISSIONS:
        moderators.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    administrators = Group.objects.get(name="Administrators")
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS),
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=ADMINISTRATOR_AUTH_PERMISSIONS
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("articles", "0003_highlight_position_not_unique"),
        ("forum", "0002_articles_category"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
