"""The record of account-state changes moved from accounts to moderation without touching its
table: a database holding records, and permissions granted on them, migrates forward with both
(on PostgreSQL in CI, where DATABASE_URL points at it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forum.moderation.models import AccountStateChange

BEFORE_THE_MOVE = [
    ("accounts", "0003_notification_kind_moderation_reported"),
    ("moderation", "0002_flag_renamed_report"),
]

# serialized_rollback: the flush after each test empties the rows migrations made (roles,
# categories); they are put back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_apps(transactional_db: None) -> Iterator[Apps]:
    """The models as they were while accounts held the records; the database is migrated
    forward again afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    yield executor.loader.project_state(BEFORE_THE_MOVE).apps
    call_command("migrate", verbosity=0)


def test_migrating_past_the_move_keeps_the_records_and_their_permissions(
    old_apps: Apps,
) -> None:
    user_model = old_apps.get_model("accounts", "User")
    holder = user_model.objects.create(username="ada", email="ada@example.com", state="banned")
    old_apps.get_model("accounts", "AccountStateChange").objects.create(
        user=holder, from_state="active", to_state="banned", reason="Spam."
    )
    content_type = ContentType.objects.get(app_label="accounts", model="accountstatechange")
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(content_type.permission_set.get(codename="view_accountstatechange"))

    call_command("migrate", verbosity=0)

    change = AccountStateChange.objects.get()
    assert (change.user_id, change.to_state, change.reason) == (holder.pk, "banned", "Spam.")
    assert not ContentType.objects.filter(app_label="accounts", model="accountstatechange").exists()
    assert auditors.permissions.filter(
        content_type__app_label="moderation", codename="view_accountstatechange"
    ).exists()
