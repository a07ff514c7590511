from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from forum.discussions.importing.disqus import disqus_read
from forum.discussions.importing.preparing import usable_cores
from forum.discussions.importing.services import comments_import
from forum.discussions.importing.sources import ImportFileError, SourceExport
from forum.discussions.importing.threads import (
    ThreadMapping,
    thread_mapping_read,
    thread_rule_compile,
)
from forum.discussions.importing.wordpress import wordpress_read
from forum.discussions.models import ImportSource

READERS = {ImportSource.DISQUS: disqus_read, ImportSource.WORDPRESS: wordpress_read}
PROGRESS_MIN_COMMENTS = 1000
"""A run with at least this many comments is long enough to show a progress bar (on a terminal)."""
BAR_WIDTH = 30


class ProgressBar:
    """`[#####.....]  1,200/4,000 comments` on one line of the terminal, redrawn as threads are
    done, at most ten times a second."""

    def __init__(self, stream: OutputWrapper, total: int) -> None:
        self.stream, self.total, self.done, self.drawn_at = stream, total, 0, 0.0

    def advance(self, comments: int) -> None:
        self.done += comments
        if self.done >= self.total or time.monotonic() - self.drawn_at >= 0.1:
            self.draw()

    def draw(self) -> None:
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done:,}/{self.total:,} comments", ending="")
        self.stream.flush()
        self.drawn_at = time.monotonic()

    def end(self) -> None:
        self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import the comments of a Disqus export or a WordPress export (WXR) under the articles "
        "their threads belong to. Each thread goes in its own transaction; importing the same "
        "export again changes nothing. Without --map or --rule, a thread belongs to the article "
        "whose path (/articles/<slug>/, on any host) its link has."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", choices=[source.value for source in ImportSource])
        parser.add_argument("file", type=Path, help="The export: Disqus XML or WordPress WXR.")
        parser.add_argument(
            "--map",
            type=Path,
            dest="mapping",
            help="CSV file, `thread,article` on each line: a thread's link, id or identifier, "
            "and the article's slug, URL or path.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            default=[],
            dest="rules",
            help="A regular expression over a thread's link, id and identifiers whose group "
            "`slug` names the article, e.g. '^https?://old\\.example/\\d+/(?P<slug>[^/]+)/$'. "
            "May be given more than once; tried after --map, in order.",
        )
        parser.add_argument(
            "--hidden-too",
            action="store_true",
            help="Import spam, deleted and unapproved comments hidden (removed, deleted, "
            "pending) instead of leaving them out.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Write nothing; print what would be done."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=usable_cores(),
            help="Processes preparing threads (converting and rendering) while this one writes, "
            "on an import of 1,000 comments or more. Default: the cores this process may use; "
            "1 prepares them here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = ImportSource(options["source"])
        try:
            rules = tuple(thread_rule_compile(pattern) for pattern in options["rules"])
            entries = thread_mapping_read(options["mapping"]) if options["mapping"] else {}
            export = READERS[source](options["file"])
        except (ImportFileError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        bar = self._bar(export)
        summary = comments_import(
            export=export,
            mapping=ThreadMapping(entries=entries, rules=rules),
            hidden_too=options["hidden_too"],
            dry_run=options["dry_run"],
            progress=bar.advance if bar else None,
            workers=options["workers"],
        )
        if bar:
            bar.end()
        for line in summary.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)

    def _bar(self, export: SourceExport) -> ProgressBar | None:
        if export.post_count < PROGRESS_MIN_COMMENTS or not self.stderr.isatty():
            return None
        return ProgressBar(self.stderr, export.post_count)
