"""The record of account-state changes, moved here from accounts: the table exists, made by
accounts' first migration and kept by its 0004, so only the state is taken in."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATES = [
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("banned", "Banned"),
    ("deleted", "Deleted"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_moderationlogentry_held_code"),
        ("accounts", "0004_account_state_change_to_moderation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AccountStateChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("from_state", models.CharField(choices=STATES, max_length=10)),
                        ("to_state", models.CharField(choices=STATES, max_length=10)),
                        ("until", models.DateTimeField(blank=True, null=True)),
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "changed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="state_changes",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_accountstatechange",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
        ),
    ]
