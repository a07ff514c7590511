"""The migrations that gave holds a code: posts and logged holds made before get the code of
the rule whose text they carry, and keep the text."""

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

BEFORE = [("discussions", "0002_post_report_fields"), ("moderation", "0002_flag_renamed_report")]
AFTER = [
    ("discussions", "0003_post_held_code"),
    ("moderation", "0003_moderationlogentry_held_code"),
]

# Each text the rules wrote before codes existed, and the code it gets.
TEXTS = {
    "Every post in this discussion is reviewed.": "premoderated",
    "Contains words on the watch list: pump, moon.": "suspect_word",
    "A first post: the author has 0 approved posts.": "first_post",
    "3 links from an author with 1 approved post.": "many_links",
    "Reported by 3 readers (abuse, spam).": "reports",
    "Edited: Contains words on the watch list: pump.": "suspect_word",
    "Edited: 12 links from an author with 2 approved posts.": "many_links",
    "Bulk.": "",
    "": "",
}


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    for app_label, name in targets:
        call_command("migrate", app_label, name, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_codes(transactional_db: None) -> Iterator[Apps]:
    apps = _migrate(BEFORE)
    yield apps
    call_command("migrate", verbosity=0)  # every app at its latest again, for the next tests


def test_held_code_migrations_give_each_hold_the_code_of_the_rule_its_text_names(
    before_the_codes: Apps,
) -> None:
    apps = before_the_codes
    author = apps.get_model("accounts", "User").objects.create(username="a", email="a@x.test")
    category = apps.get_model("discussions", "Category").objects.create(name="C", slug="c")
    topic = apps.get_model("discussions", "Topic").objects.create(category=category, title="T")
    Post = apps.get_model("discussions", "Post")
    LogEntry = apps.get_model("moderation", "ModerationLogEntry")
    for n, text in enumerate(TEXTS):
        post = Post.objects.create(topic=topic, author=author, body=f"{n}", held_reason=text)
        LogEntry.objects.create(action="hold", post=post, reason=text)
    LogEntry.objects.create(action="reject", reason="Reported by 3 readers (spam).")

    apps = _migrate(AFTER)

    posts = apps.get_model("discussions", "Post").objects.values_list("held_reason", "held_code")
    assert dict(posts) == TEXTS
    holds = apps.get_model("moderation", "ModerationLogEntry").objects.filter(action="hold")
    assert dict(holds.values_list("reason", "held_code")) == TEXTS
    rejection = apps.get_model("moderation", "ModerationLogEntry").objects.get(action="reject")
    assert rejection.held_code == ""  # only holds name the rule that held
