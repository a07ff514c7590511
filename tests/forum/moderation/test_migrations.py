"""The migrations that renamed flags to reports: stored values move both ways, and the
moderators keep their permission on the renamed model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback: the flush after the test empties the rows migrations made (roles, the
# Articles category); this puts them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [
    ("accounts", "0002_roles"),
    ("discussions", "0001_initial"),
    ("moderation", "0001_initial"),
    ("notifications", "0001_initial"),
]
AFTER = [
    ("accounts", "0003_notification_kind_moderation_reported"),
    ("discussions", "0002_post_report_fields"),
    ("moderation", "0002_flag_renamed_report"),
    ("notifications", "0002_kinds_say_reported"),
]


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    for app_label, name in targets:
        call_command("migrate", app_label, name, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _stored(apps: Apps) -> dict[str, object]:
    Permission = apps.get_model("auth", "Permission")
    return {
        "action": apps.get_model("moderation", "ModerationLogEntry").objects.get().action,
        "event": apps.get_model("notifications", "NotificationEvent").objects.get().kind,
        "notification": apps.get_model("notifications", "Notification").objects.get().kind,
        "preference": apps.get_model("accounts", "NotificationPreference").objects.get().kind,
        "moderators": sorted(
            Permission.objects.filter(
                group__name="Moderators", content_type__app_label="moderation"
            ).values_list("codename", flat=True)
        ),
    }


@pytest.fixture
def before_the_rename(transactional_db: None) -> Iterator[Apps]:
    apps = _migrate(BEFORE)
    yield apps
    call_command("migrate", verbosity=0)  # every app at its latest again, for the next tests


def test_report_rename_migrations_rewrite_stored_values_and_back(
    before_the_rename: Apps,
) -> None:
    apps = before_the_rename
    user = apps.get_model("accounts", "User").objects.create(username="m", email="m@example.com")
    apps.get_model("moderation", "ModerationLogEntry").objects.create(action="dismiss_flags")
    event = apps.get_model("notifications", "NotificationEvent").objects.create(kind="post_flagged")
    apps.get_model("notifications", "Notification").objects.create(
        recipient=user, event=event, kind="moderation_flagged", delivery="email"
    )
    apps.get_model("accounts", "NotificationPreference").objects.create(
        user=user, kind="moderation_flagged", delivery="digest"
    )
    old = {
        "action": "dismiss_flags",
        "event": "post_flagged",
        "notification": "moderation_flagged",
        "preference": "moderation_flagged",
    }
    new = {
        "action": "dismiss_reports",
        "event": "post_reported",
        "notification": "moderation_reported",
        "preference": "moderation_reported",
    }

    after = _stored(_migrate(AFTER))

    assert {key: after[key] for key in new} == new
    assert "view_report" in after["moderators"]
    assert "view_flag" not in after["moderators"]

    back = _stored(_migrate(BEFORE))

    assert {key: back[key] for key in old} == old
    assert "view_flag" in back["moderators"]
    assert "view_report" not in back["moderators"]
