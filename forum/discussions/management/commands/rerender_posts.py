"""manage.py rerender_posts: every post's HTML and tickers computed again from its body, with
a progress bar. Bodies keep the HTML they were rendered with when written or edited; run this
after a change to rendering or to the companies' list (new company: its mentions link)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forum.discussions.models import Post
from forum.discussions.services.post_rerender import posts_rerender

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Render every post's body again (HTML, company links, tickers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = Post.objects.count()
        done = 0

        def progress(read: int, changed: int) -> None:
            nonlocal done
            done += read
            filled = min(BAR_WIDTH, BAR_WIDTH * done // total) if total else BAR_WIDTH
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r[{bar}] {done:,}/{total:,}", ending="")
            self.stdout.flush()

        changed = posts_rerender(batch_size=batch_size, progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Rendered {done:,} posts; {changed:,} changed."))
