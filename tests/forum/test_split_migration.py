"""A database made before the forum became three apps migrates forward without losing a row:
filled at the last migration of the single `forum` app, migrated to the latest state, and read
back through today's models (on PostgreSQL in CI, where DATABASE_URL points at it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from forum.discussions.models import Category, Post, PostRevision, Reaction, Topic
from forum.moderation.models import ModerationLogEntry, Report, WordRule
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription

BEFORE_THE_SPLIT = [
    ("forum", "0008_moderator_edits"),
    ("discussions", None),
    ("moderation", None),
    ("notifications", None),
]
# Each model the split moved, by its name in the old `forum` app.
MOVED_MODELS = {
    "Category": Category,
    "Topic": Topic,
    "Post": Post,
    "PostRevision": PostRevision,
    "Reaction": Reaction,
    "WordRule": WordRule,
    "Flag": Report,
    "ModerationLogEntry": ModerationLogEntry,
    "TopicSubscription": TopicSubscription,
    "NotificationEvent": NotificationEvent,
    "Notification": Notification,
}

# serialized_rollback: the flush after each test empties the rows migrations made (roles,
# categories); they are put back for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_apps(transactional_db: None) -> Iterator[Apps]:
    """The models as they were before the split, on a database migrated back to then; the
    database is migrated forward again afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_SPLIT)
    yield executor.loader.project_state(BEFORE_THE_SPLIT[0]).apps
    call_command("migrate", verbosity=0)


def _fill(apps: Apps) -> dict[str, Any]:
    """A row more in every table the split moves, as the old `forum` app wrote them; returns
    how many each then holds, by model name, and the ids to look for."""
    user_model = apps.get_model("accounts", "User")
    author = user_model.objects.create(username="ada", email="ada@example.com")
    reader = user_model.objects.create(username="bob", email="bob@example.com")
    category = apps.get_model("forum", "Category").objects.create(name="Mines", slug="mines")
    topic = apps.get_model("forum", "Topic").objects.create(
        category=category, title="Bayan Obo", slug="bayan-obo", author=author
    )
    post = apps.get_model("forum", "Post").objects.create(
        topic=topic, author=author, path="0001", body="Output rose.", body_html="<p>Output.</p>"
    )
    topic.opening_post = post
    topic.save()
    apps.get_model("forum", "PostRevision").objects.create(post=post, body="Output fell.")
    apps.get_model("forum", "Reaction").objects.create(post=post, user=reader)
    apps.get_model("forum", "WordRule").objects.create(phrase="scamcoin", kind="banned")
    apps.get_model("forum", "Flag").objects.create(post=post, reporter=reader, reason="spam")
    apps.get_model("forum", "ModerationLogEntry").objects.create(
        actor=reader, action="approve", post=post, topic=topic, reason="fine"
    )
    apps.get_model("forum", "TopicSubscription").objects.create(
        user=reader, topic=topic, level="watching"
    )
    event = apps.get_model("forum", "NotificationEvent").objects.create(
        kind="post_published", post=post, actor=author
    )
    apps.get_model("forum", "Notification").objects.create(
        recipient=reader, event=event, kind="reply", delivery="site", post=post, actor=author
    )
    counts = {name: apps.get_model("forum", name).objects.count() for name in MOVED_MODELS}
    return {"counts": counts, "post": post.pk, "topic": topic.pk, "reader": reader.pk}


def test_migrating_past_the_split_keeps_every_row(old_apps: Apps) -> None:
    before = _fill(old_apps)

    call_command("migrate", verbosity=0)

    assert {name: model.objects.count() for name, model in MOVED_MODELS.items()} == before["counts"]
    post = Post.objects.select_related("topic__category").get(pk=before["post"])
    assert (post.pk, post.body, post.topic.pk) == (before["post"], "Output rose.", before["topic"])
    assert post.topic.opening_post_id == post.pk
    assert post.topic.category.slug == "mines"
    assert post.revisions.get().body == "Output fell."
    assert Notification.objects.get().event.post_id == post.pk
    assert TopicSubscription.objects.get().user_id == before["reader"]


def test_migrating_past_the_split_keeps_the_roles_permissions(old_apps: Apps) -> None:
    """Content types move to the new apps, so the permissions granted to the roles (and the
    admin's history of each object) stay attached to them."""
    call_command("migrate", verbosity=0)

    assert not ContentType.objects.filter(app_label="forum").exists()
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(
        content_type__app_label="discussions", codename="view_post"
    ).exists()
    assert moderators.permissions.filter(
        content_type__app_label="moderation", codename="change_wordrule"
    ).exists()
