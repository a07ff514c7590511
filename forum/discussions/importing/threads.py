"""Which article each thread of an export belongs to.

A thread is known by its link (the page the comments were under), its id in the old system, and
the identifiers the old site gave it (Disqus's `<id>`, WordPress's post slug and guid). A
mapping file names the article for any of them; rules are patterns over the same, each with a
`slug` group; the file is tried first, then the rules in order. Given neither, a thread whose
link's path is an article's own path (`/articles/<slug>/`, on any host) is that article's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from articles.models import Article
from forum.discussions.importing.sources import ImportFileError, SourceThread

ARTICLE_VIEW = "articles:detail"


def article_slug_from_link(link: str) -> str | None:
    """The slug of the article whose page `link` is, by its path alone; None for any other."""
    try:
        path = urlsplit(link.strip()).path
        match = resolve(path) if path else None
    except (ValueError, Resolver404):
        return None
    if match is None or match.view_name != ARTICLE_VIEW:
        return None
    return str(match.kwargs["slug"])


@dataclass(frozen=True)
class ThreadMapping:
    entries: dict[str, str] = field(default_factory=dict)
    """A thread's link, id or identifier → an article's slug."""
    rules: tuple[re.Pattern[str], ...] = ()

    def slug_for(self, thread: SourceThread) -> str | None:
        if not self.entries and not self.rules:
            return article_slug_from_link(thread.link)
        for key in thread.keys:
            if key in self.entries:
                return self.entries[key]
        for rule in self.rules:
            for key in thread.keys:
                if (match := rule.search(key)) and match["slug"]:
                    return match["slug"]
        return None


def thread_rule_compile(pattern: str) -> re.Pattern[str]:
    """A rule: a regular expression with a group named `slug`; ValueError saying what is
    wrong otherwise."""
    try:
        rule = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"the rule {pattern!r} is not a regular expression ({exc})") from exc
    if "slug" not in rule.groupindex:
        raise ValueError(f"the rule {pattern!r} has no (?P<slug>...) group")
    return rule


def thread_mapping_read(path: Path) -> dict[str, str]:
    """A mapping file: CSV, a thread and its article on each line. The thread is its link, id
    or identifier; the article its slug, or its URL or path. Blank lines and lines starting
    with # are skipped."""
    entries: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8") as file:
            for number, row in enumerate(csv.reader(file), start=1):
                if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                    continue
                if len(row) != 2 or not row[0].strip() or not row[1].strip():
                    raise ImportFileError(path, f"line {number}: expected `thread,article`")
                article = row[1].strip()
                slug = article_slug_from_link(article) if "/" in article else article
                if slug is None:
                    raise ImportFileError(path, f"line {number}: {article} is no article's page")
                entries[row[0].strip()] = slug
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(path, f"cannot be read ({exc})") from exc
    return entries


def threads_match(
    threads: Iterable[SourceThread], mapping: ThreadMapping
) -> tuple[list[tuple[SourceThread, Article]], list[SourceThread]]:
    """Each thread with its article, and the threads that have none (one query)."""
    slugs = [(thread, mapping.slug_for(thread)) for thread in threads]
    # What a topic is made from (topics.topic_ensure_for_article), not the article's text.
    articles = Article.objects.only("slug", "title", "author").in_bulk(
        {slug for _thread, slug in slugs if slug}, field_name="slug"
    )
    matched, unmatched = [], []
    for thread, slug in slugs:
        article = articles.get(slug) if slug else None
        if article is None:
            unmatched.append(thread)
        else:
            matched.append((thread, article))
    return matched, unmatched
