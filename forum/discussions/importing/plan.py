"""What importing a thread means, worked out before anything is written: which comments are
kept, how they read (Markdown, and the HTML it renders to), and where each sits in the site's
tree. Pure: no database, so it may run in another process (preparing.py); the companies a
comment may name come with the call, read beforehand.

A comment left out (spam or deleted, unless asked for hidden; or with no text once converted)
takes no place in the tree: its replies answer the nearest comment kept above it. Nesting
deeper than FORUM_MAX_DEPTH attaches at the deepest level and keeps whom it answers, the rule
posting applies to a new reply (services/posting.py, `_place`), here over a whole tree at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from companies.tickers import Directory, mentions, symbols
from forum.discussions.importing.html_markdown import html_to_markdown
from forum.discussions.importing.sources import SourcePost, SourceState, SourceThread
from forum.discussions.models import Post
from forum.discussions.rendering import render_post_body
from forum.discussions.services.post_bodies import has_visible_character

HIDDEN_STATUS = {
    SourceState.DELETED: Post.Status.DELETED,
    SourceState.SPAM: Post.Status.REMOVED,
    SourceState.UNAPPROVED: Post.Status.PENDING,
}
"""How an item the old system hid is imported when hidden ones are asked for."""


@dataclass(eq=False)
class Entry:
    """A comment to import (or imported before), and its place in the tree."""

    source: SourcePost
    body: str
    html: str
    """The body rendered and sanitised as any comment's (rendering.py), @mentions unlinked: a
    handle on the old site is not a person here."""
    status: Post.Status
    tickers: list[str] = field(default_factory=list)
    """The tickers and companies the body names, as Post.tickers holds them."""
    reply_to: Entry | None = None
    parent: Entry | None = None
    """Where it sits: `reply_to`, or above it when that is at the deepest level."""
    root: Entry | None = None
    depth: int = 0
    post_id: int | None = None
    """The post's id once written, or found written by an earlier import."""
    path: str = ""


@dataclass
class ThreadPlan:
    entries: list[Entry] = field(default_factory=list)
    """Oldest first, each after the comment it answers."""
    skipped: Counter[str] = field(default_factory=Counter)
    """Comments left out, by why: "deleted", "spam", "unapproved", "empty"."""


def thread_plan(
    thread: SourceThread, *, hidden_too: bool, max_depth: int, companies: Directory
) -> ThreadPlan:
    """`companies`: the directory the tickers are read with (`companies.tickers.directory`)."""
    plan = ThreadPlan()
    kept: dict[str, Entry] = {}
    for post in thread.posts:
        if post.state != SourceState.PUBLISHED and not hidden_too:
            plan.skipped[post.state.value] += 1
            continue
        body = html_to_markdown(post.body_html)
        if not has_visible_character(body):
            plan.skipped["empty"] += 1
            continue
        status = HIDDEN_STATUS.get(post.state, Post.Status.VISIBLE)
        html = render_post_body(body, profile_urls={}).html
        tickers = symbols(mentions(body, companies))
        kept[post.external_id] = Entry(
            source=post, body=body, html=html, status=status, tickers=tickers
        )
    by_id = {post.external_id: post for post in thread.posts}
    for entry in kept.values():
        entry.reply_to = _nearest_kept_above(entry.source, by_id, kept)
    plan.entries = _placed(list(kept.values()), max_depth=max_depth)
    return plan


def _nearest_kept_above(
    post: SourcePost, by_id: dict[str, SourcePost], kept: dict[str, Entry]
) -> Entry | None:
    """The comment kept that `post` answers, or that the one it answers answers, and so on;
    None when none is kept, the chain leaves the file, or it loops."""
    seen = {post.external_id}
    parent_id = post.parent_id
    while parent_id is not None and parent_id not in seen:
        if parent_id in kept:
            return kept[parent_id]
        seen.add(parent_id)
        above = by_id.get(parent_id)
        parent_id = above.parent_id if above is not None else None
    return None


def _placed(entries: list[Entry], *, max_depth: int) -> list[Entry]:
    """The entries in an order where each follows the one it answers, each with its depth,
    parent and root. Oldest first where the dates allow; a reply dated before what it answers
    waits for it, and comments answering each other in a loop go to the top level."""
    placed: list[Entry] = []
    done: set[int] = set()
    waiting = entries
    while waiting:
        still: list[Entry] = []
        for entry in waiting:
            if entry.reply_to is not None and id(entry.reply_to) not in done:
                still.append(entry)
                continue
            _place(entry, max_depth=max_depth)
            placed.append(entry)
            done.add(id(entry))
        if len(still) == len(waiting):  # nothing placed: what is left answers in a loop
            for entry in still:
                entry.reply_to = None
        waiting = still
    return placed


def _place(entry: Entry, *, max_depth: int) -> None:
    answered = entry.reply_to
    if answered is None:
        return
    if answered.depth < max_depth - 1:
        entry.parent, entry.depth = answered, answered.depth + 1
    else:
        entry.parent, entry.depth = answered.parent, answered.depth
    entry.root = (entry.parent.root or entry.parent) if entry.parent is not None else None
