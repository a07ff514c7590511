"""The django-spirit side of bench/bench_peer.py, run by it inside bench/.venv-spirit:

    bench/.venv-spirit/bin/python bench/spirit/serve.py SITE.json

SITE.json names the people, the comments' bodies, the sizes and which comments the member
likes, as bench_peer.py built them on our side. This builds the same under one topic per size
in a Spirit forum set up as its project template sets one up, says {"ready": ...}, then
answers one JSON command a line on stdin with one JSON line on stdout, so that the two sides
can take turns render by render:

    {"cmd": "render", "size": 1000, "viewer": "member", "page": "last", "cold": true}
        -> {"seconds", "queries", "mix", "comments" (how many the page shows), "bytes"}
    {"cmd": "quit"}

Renders go through django.test.Client, as on our side: the whole request, middleware and
session included, the viewer anonymous or logged in with force_login. Cold means Spirit's
caches (in its database, by default) emptied first.
"""

from __future__ import annotations

import gc
import json
import math
import re
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from boot import answer_commands, django_ready, people_create  # beside this script, on its sys.path

BATCH = 1000
PER_PAGE = 20  # Spirit's default comments_per_page, as ours shows 20 threads
COMMENT = re.compile(r'id="c(\d+)"')


class QueryKinds:
    """Counts a render's statements by kind as they go (as bench_peer.py does on our side)."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)


class Site:
    """The people, a topic per size with its first `size` comments, the member's likes, and a
    client per viewer."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from django.test import Client
        from django.utils import timezone
        from spirit.category.models import Category
        from spirit.comment.like.models import CommentLike
        from spirit.comment.models import Comment
        from spirit.core.utils.markdown import Markdown
        from spirit.topic.models import Topic

        names = spec["people"]
        people = people_create(names, batch_size=BATCH)
        member = people[spec["member"]]
        category = Category.objects.create(title="Rare earths", slug="rare-earths")
        rendered = {body: Markdown().render(body) for body in set(spec["bodies"])}
        opened = timezone.now() - timedelta(days=30)
        self.urls: dict[int, str] = {}
        for size in spec["sizes"]:
            topic = Topic.objects.create(
                user=people[0],
                category=category,
                title=f"Magnet makers weigh the new export rules ({size} comments)",
                comment_count=size,
            )
            comments = [
                Comment(
                    user=people[spec["authors"][index]],
                    topic=topic,
                    comment=spec["bodies"][index],
                    comment_html=rendered[spec["bodies"][index]],
                    date=opened + timedelta(seconds=index),
                    likes_count=1 if index in spec["liked"] else 0,
                )
                for index in range(size)
            ]
            Comment.objects.bulk_create(comments, batch_size=BATCH)
            CommentLike.objects.bulk_create(
                [
                    CommentLike(user=member, comment=comments[index])
                    for index in spec["liked"]
                    if index < size
                ],
                batch_size=BATCH,
            )
            self.urls[size] = topic.get_absolute_url()
        self.clients = {"anonymous": Client(), "member": Client()}
        self.clients["member"].force_login(member)

    def render(self, size: int, viewer: str, page: str, *, cold: bool) -> dict[str, Any]:
        from django.core.cache import caches
        from django.db import connection

        number = 1 if page == "first" else max(1, math.ceil(size / PER_PAGE))
        url = f"{self.urls[size]}?page={number}"
        if cold:
            for alias in ("default", "st_rate_limit"):
                caches[alias].clear()
        gc.collect()
        kinds = QueryKinds()
        with connection.execute_wrapper(kinds):
            start = time.perf_counter()
            response = self.clients[viewer].get(url)
            seconds = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        html = response.content.decode()
        return {
            "seconds": seconds,
            "queries": sum(kinds.kinds.values()),
            "mix": ", ".join(f"{kind} {n}" for kind, n in kinds.kinds.most_common()),
            "comments": len(COMMENT.findall(html)),
            "bytes": len(response.content),
        }


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    django_ready("spirit-bench-")
    import django
    from django.db import connection

    site = Site(spec)
    answer_commands(
        {"ready": django.get_version(), "vendor": connection.vendor},
        lambda command: site.render(
            command["size"], command["viewer"], command["page"], cold=command["cold"]
        ),
    )


if __name__ == "__main__":
    main()
