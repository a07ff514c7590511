"""The django-comments-xtd side of bench/bench_article_page.py, run by it inside
bench/.venv-xtd:

    bench/.venv-xtd/bin/python bench/xtd/serve.py TREE.json

TREE.json is the tree the benchmark built on our side (people, comments with the index of the
comment each sits under, likes). This builds the same tree under one article per size, says
{"ready": ...}, then answers one JSON command a line on stdin with one JSON line on stdout, so
the two sides can take turns render by render:

    {"cmd": "render", "size": 1000, "viewer": "reader"}  (or "anonymous")
        -> {"seconds", "queries", "mix", "order" (comment indexes in page order), "bytes"}
    {"cmd": "quit"}

Renders go through django.test.Client, as on our side: the whole request, middleware and
session included, the viewer anonymous or logged in with force_login.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BATCH = 500
COMMENT_ID = re.compile(r'id="c(\d+)"')


def tree_load(path: str) -> dict[str, Any]:
    with open(path) as handle:
        return json.load(handle)


def thread_data(parents: list[int]) -> tuple[list[int], list[int], list[int], list[int]]:
    """For each comment: its thread's root, its level, its position in its thread read depth
    first (xtd's `order`, from 1) and how many comments nest under it (`nested_count`); what
    XtdComment.save() would have worked out one comment at a time."""
    children: dict[int, list[int]] = {}
    roots, levels = [], []
    for index, parent in enumerate(parents):
        if parent < 0:
            roots.append(index)
            levels.append(0)
        else:
            children.setdefault(parent, []).append(index)
            levels.append(levels[parent] + 1)
    thread = [0] * len(parents)
    order = [0] * len(parents)
    nested = [0] * len(parents)
    for root in roots:
        position = 0
        stack = [root]
        while stack:
            index = stack.pop()
            position += 1
            thread[index], order[index] = root, position
            stack.extend(reversed(children.get(index, [])))
    for index in reversed(range(len(parents))):  # children come after their parents
        if parents[index] >= 0:
            nested[parents[index]] += nested[index] + 1
    return thread, levels, order, nested


class Site:
    """The tree's people, an article per size with its first `size` comments and their likes,
    and a client per viewer."""

    def __init__(self, tree: dict[str, Any]) -> None:
        from blog.models import Article
        from django.contrib.auth.models import Group, Permission, User
        from django.test import Client
        from django.utils import timezone

        self.tree = tree
        password = "!unusable"  # noqa: S105 - nobody logs in with a password here
        people = tree["people"]
        User.objects.bulk_create(
            [
                User(
                    username=person["username"],
                    email=person["email"],
                    first_name=person["name"],
                    password=password,
                )
                for person in people
            ],
            batch_size=BATCH,
        )
        self.users = list(User.objects.order_by("pk"))
        moderators = Group.objects.create(name="Moderators")
        moderators.permissions.add(
            Permission.objects.get(
                content_type__app_label="django_comments", codename="can_moderate"
            )
        )
        moderators.user_set.add(
            *[user for user, person in zip(self.users, people, strict=True) if person["moderator"]]
        )
        self.start = timezone.now() - timedelta(days=3)
        self.articles: dict[int, Article] = {}
        self.first_pk: dict[int, int] = {}
        next_pk = 1
        for size in tree["sizes"]:
            article = Article.objects.create(
                title=f"Rare earth magnets, {size} comments",
                body="Prices moved this week.\n\nMines reopened; magnets sold.",
            )
            self.articles[size], self.first_pk[size] = article, next_pk
            self._comments_create(article, size, next_pk)
            next_pk += size
        self.clients = {"anonymous": Client(), "reader": Client()}
        self.clients["reader"].force_login(self.users[tree["viewer"]])

    def _comments_create(self, article: Any, size: int, first_pk: int) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from django_comments.models import Comment, CommentFlag
        from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

        parent_fields = Comment._meta.concrete_fields

        comments = self.tree["comments"][:size]
        parents = [comment[0] for comment in comments]
        thread, levels, order, nested = thread_data(parents)
        content_type = ContentType.objects.get_for_model(article)
        rows = []
        for index, (parent, author, body, minute) in enumerate(comments):
            user = self.users[author]
            rows.append(
                XtdComment(
                    id=first_pk + index,
                    comment_ptr_id=first_pk + index,
                    content_type=content_type,
                    object_pk=str(article.pk),
                    site_id=1,
                    user=user,
                    user_name=user.first_name,
                    user_email=user.email,
                    comment=body,
                    submit_date=self.start + timedelta(minutes=minute),
                    is_public=True,
                    is_removed=False,
                    thread_id=first_pk + thread[index],
                    parent_id=first_pk + (parent if parent >= 0 else index),
                    level=levels[index],
                    order=order[index],
                    nested_count=nested[index],
                )
            )
        # XtdComment extends django_comments' Comment in a table of its own, which
        # bulk_create does not do: the parents' rows in bulk, then the children's.
        Comment.objects.bulk_create(
            [
                Comment(**{f.attname: getattr(row, f.attname) for f in parent_fields})
                for row in rows
            ],
            batch_size=BATCH,
        )
        own_fields = XtdComment._meta.local_concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in own_fields)
        placeholders = ", ".join(["%s"] * len(own_fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {XtdComment._meta.db_table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the models
                [
                    [f.get_db_prep_save(getattr(row, f.attname), connection) for f in own_fields]
                    for row in rows
                ],
            )
        CommentFlag.objects.bulk_create(
            [
                CommentFlag(
                    user=self.users[person],
                    comment_id=first_pk + index,
                    flag=LIKEDIT_FLAG,
                    flag_date=self.start + timedelta(days=1),
                )
                for index, person in self.tree["likes"]
                if index < size
            ],
            batch_size=BATCH,
        )

    def render(self, size: int, viewer: str) -> dict[str, Any]:
        """One render, timed, as our side times its own: the cache cleared and garbage
        collected first; the statements counted as they go; the page read afterwards."""
        from django.core.cache import cache
        from django.db import connection

        client, url = self.clients[viewer], self.articles[size].get_absolute_url()
        cache.clear()  # as on our side; xtd itself caches nothing
        gc.collect()
        kinds = QueryKinds()
        with connection.execute_wrapper(kinds):
            start = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - start
        assert response.status_code == 200, response.status_code  # noqa: S101
        html = response.content.decode()
        return {
            "seconds": seconds,
            "queries": kinds.total(),
            "mix": kinds.mix(),
            "order": [int(pk) - self.first_pk[size] for pk in COMMENT_ID.findall(html)],
            "bytes": len(response.content),
        }


class QueryKinds:
    """An execute wrapper counting a render's statements by kind as they go (no log that
    fills up: xtd sends thousands)."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    def total(self) -> int:
        return sum(self.kinds.values())

    def mix(self) -> str:
        return ", ".join(f"{kind} {count}" for kind, count in self.kinds.most_common())


def main() -> None:
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory(prefix="bench-xtd-") as folder:
        os.environ["XTD_BENCH_DB"] = str(Path(folder) / "xtd.sqlite3")
        os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
        tree = tree_load(sys.argv[1])
        os.environ["XTD_MAX_THREAD_LEVEL"] = str(tree["max_level"])

        import django
        from django.core.management import call_command
        from django.db import transaction

        django.setup()
        call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
        started = time.perf_counter()
        with transaction.atomic():  # one commit: a temporary file's fsyncs are time lost
            site = Site(tree)
        answer(
            {
                "ready": True,
                "seconds": time.perf_counter() - started,
                "django": django.get_version(),
            }
        )
        for line in sys.stdin:
            command = json.loads(line)
            if command["cmd"] == "quit":
                break
            answer(site.render(command["size"], command["viewer"]))


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
