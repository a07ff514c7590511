"""manage.py rebuild_search_index: the whole index written again from the articles and posts,
in one transaction, with a progress bar. For a database that had rows before search existed,
or to repair; day to day the index follows every write by itself."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forum.search.services import search_index_rebuild, search_index_total

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index from every article and post."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total = search_index_total()
        done = 0

        def progress(written: int) -> None:
            nonlocal done
            done += written
            filled = min(BAR_WIDTH, BAR_WIDTH * done // total) if total else BAR_WIDTH
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done:,}/{total:,}", ending="")
            self.stdout.flush()

        written = search_index_rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {written:,} documents."))
