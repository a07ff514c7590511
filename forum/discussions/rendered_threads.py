"""A page of threads as rendered and shared (forum/discussions/threads_html.py), and what a
member's layer (forum/discussions/threads_layer.py) needs to know of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ShownPost:
    """A comment a shared rendering shows in full: what a member's layer needs to know of it."""

    pk: int
    author_id: int
    created_at: datetime


@dataclass(frozen=True)
class RenderedThreads:
    """A page of threads as HTML, and what the comments block around it needs to know."""

    html: SafeString
    has_threads: bool
    sort: str
    single_thread: bool
    latest_post_id: int
    """The newest post in the topic when the threads were read: where "new replies" start."""
    shown: tuple[ShownPost, ...] = ()
    """The visible comments on the page, in full (not as placeholders)."""
    root_ids: tuple[int, ...] = ()
    first_page: bool = True
    thread: int | None = None
