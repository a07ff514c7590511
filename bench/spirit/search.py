"""The django-spirit side of bench/bench_search.py, run by it inside bench/.venv-spirit:

    bench/.venv-spirit/bin/python bench/spirit/search.py

Writes the texts bench_search.py searches (bench/search_corpus.py: each article a topic titled
as it is, each comment under its topic) into a Spirit forum set up as its project template sets
one up, builds Spirit's search index as Spirit does (haystack's `update_index`, Whoosh, one
document per topic: its title and all its comments), says {"ready": ...}, then answers one JSON
command a line on stdin with one JSON line on stdout:

    {"cmd": "search", "q": "dysprosium"}
        -> {"seconds", "queries", "bytes", "results" (topics listed on the page)}
    {"cmd": "quit"}

Searches go through django.test.Client as a logged-in member (Spirit's search asks for a login)
to GET /search/?q=, the first page of topics. Spirit finds topics, not comments: its page lists
the topics whose title or comments match, with no snippet.
"""

from __future__ import annotations

import gc
import re
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # bench.search_corpus, which imports no Django

from boot import answer_commands, django_ready, people_create  # noqa: E402 - beside this script

from bench.search_corpus import ARTICLES, AUTHORS, Corpus  # noqa: E402

BATCH = 2_000
RESULT = re.compile(r'href="/topic/\d+/')


class Forum:
    def __init__(self) -> None:
        from django.core.management import call_command
        from django.test import Client
        from spirit.category.models import Category
        from spirit.comment.models import Comment
        from spirit.topic.models import Topic

        names = [f"bench_search_{n}" for n in range(AUTHORS)]
        people = people_create(names, batch_size=BATCH)
        category = Category.objects.create(title="Rare earths", slug="rare-earths")
        corpus = Corpus()
        Topic.objects.bulk_create(
            [
                Topic(user=people[n % AUTHORS], category=category, title=text.title[:255])
                for n, text in enumerate(corpus.articles())
            ],
            batch_size=BATCH,
        )
        topics = list(Topic.objects.filter(category=category).order_by("pk"))
        comments = []
        for n, body in enumerate(corpus.comments()):
            comments.append(
                Comment(
                    user=people[(n * 7) % AUTHORS],
                    topic=topics[n % ARTICLES],
                    comment=body,
                    comment_html=f"<p>{body}</p>",
                )
            )
            if len(comments) == BATCH:
                Comment.objects.bulk_create(comments)
                comments = []
        Comment.objects.bulk_create(comments)
        self.comments = Comment.objects.count()
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        self.index_seconds = time.perf_counter() - started
        self.client = Client()
        self.client.force_login(people[0])

    def search(self, query: str) -> dict[str, Any]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        gc.collect()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = self.client.get("/search/", {"q": query})
            seconds = time.perf_counter() - start
        assert response.status_code == 200, response.status_code  # noqa: S101
        html = response.content.decode()
        return {
            "seconds": seconds,
            "queries": len(queries),
            "bytes": len(response.content),
            "results": len(set(RESULT.findall(html))),
        }


def main() -> None:
    django_ready("spirit-search-bench-")
    import django

    started = time.perf_counter()
    forum = Forum()
    ready = {
        "ready": django.get_version(),
        "comments": forum.comments,
        "setup_seconds": time.perf_counter() - started,
        "index_seconds": forum.index_seconds,
    }
    answer_commands(ready, lambda command: forum.search(command["q"]))


if __name__ == "__main__":
    main()
