"""The migration that began counting visits: accounts from before get the days they posted as
their days with visits, so that established authors keep their standing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# serialized_rollback: the flush after the test empties the rows migrations made (roles, the
# Articles category); this puts them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [  # the migration that depends on the others first
    ("moderation", "0006_seed_finance_rules"),
    ("accounts", "0005_notification_kind_article_corrected"),
    ("discussions", "0007_article_topics_active_since_publication"),
    ("notifications", "0003_article_corrected"),
]
AFTER = [("moderation", "0007_trust_and_coordinated_push")]


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    for app_label, name in targets:
        call_command("migrate", app_label, name, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_trust(transactional_db: None) -> Iterator[Apps]:
    apps = _migrate(BEFORE)
    yield apps
    call_command("migrate", verbosity=0)  # every app at its latest again, for the next tests


def test_trust_migration_counts_the_days_each_account_posted_as_visits(
    before_trust: Apps,
) -> None:
    apps = before_trust
    User = apps.get_model("accounts", "User")
    writer, _lurker = (User.objects.create(username=name, email=f"{name}@x.test") for name in "wl")
    category = apps.get_model("discussions", "Category").objects.create(name="C", slug="c")
    topic = apps.get_model("discussions", "Topic").objects.create(category=category, title="T")
    Post = apps.get_model("discussions", "Post")
    for n, (day, hour) in enumerate([(1, 9), (1, 17), (2, 9), (5, 12)]):
        Post.objects.create(
            topic=topic,
            author=writer,
            body=f"{n}",
            created_at=datetime(2026, 3, day, hour, tzinfo=UTC),
        )

    apps = _migrate(AFTER)

    days = dict(apps.get_model("accounts", "User").objects.values_list("username", "visit_days"))
    assert days == {"w": 3, "l": 0}
