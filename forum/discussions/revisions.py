"""A comment's revisions, as anyone who may see them reads them (as Discourse shows them): every
version of its text, oldest first, who wrote each (its author, or a moderator editing it), and
what changed from the version before, word by word.

PostRevision keeps a post's body as it was before each edit, with who made that edit and when;
the post keeps the latest. Version 1 is the text as first posted; version n + 1 is what the n-th
edit left.

The diff is difflib's (the standard library's SequenceMatcher, well kept and enough for texts of
a comment's length) over words (with their punctuation) and spaces, so that it reads as prose.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.http import Http404

from accounts.viewer import Viewer
from forum.discussions.models import Post, PostRevision
from forum.discussions.permissions import can_see_post_revisions
from forum.discussions.selectors import post_get_for_viewer

# Words with their punctuation, and the spaces between: a changed word reads as replaced whole.
_TOKEN = re.compile(r"\s+|\S+")

DiffOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class DiffChunk:
    op: DiffOp
    text: str


@dataclass(frozen=True)
class PostVersion:
    number: int
    body: str
    written_at: datetime
    by_moderator: bool
    """Written by a moderator editing another's comment (shown as such, not by name)."""
    diff: list[DiffChunk] = field(default_factory=list)
    """From the version before; empty for the first."""

    @property
    def is_original(self) -> bool:
        return self.number == 1


@dataclass(frozen=True)
class PostHistory:
    post: Post
    versions: list[PostVersion]
    """Oldest first; a single version for a comment never edited."""


def body_diff(before: str, after: str) -> list[DiffChunk]:
    """What changed from `before` to `after`, word by word: runs of kept, inserted and deleted
    text, in order (a replaced run reads as its deletion, then its insertion)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    chunks: list[DiffChunk] = []

    def add(op: DiffOp, tokens: list[str]) -> None:
        if not tokens:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = DiffChunk(op, chunks[-1].text + "".join(tokens))
        else:
            chunks.append(DiffChunk(op, "".join(tokens)))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", old[i1:i2])
        else:
            add("delete", old[i1:i2])
            add("insert", new[j1:j2])
    return chunks


def post_versions(post: Post) -> list[PostVersion]:
    """Every version of the post's text, oldest first, in one query."""
    edits = list(
        PostRevision.objects.filter(post=post)
        .order_by("created_at", "id")
        .values_list("body", "edited_by_id", "created_at")
    )
    bodies = [body for body, _, _ in edits] + [post.body]
    # Who wrote each version: the author wrote the first; each edit wrote the next one.
    writers = [post.author_id] + [editor for _, editor, _ in edits]
    times = [post.created_at] + [at for _, _, at in edits]
    return [
        PostVersion(
            number=number + 1,
            body=bodies[number],
            written_at=times[number],
            by_moderator=writers[number] is not None and writers[number] != post.author_id,
            diff=body_diff(bodies[number - 1], bodies[number]) if number else [],
        )
        for number in range(len(bodies))
    ]


def post_history_for_viewer(*, pk: int, viewer: Viewer) -> PostHistory:
    """A comment's versions, for a viewer who may see them (permissions.can_see_post_revisions);
    404 otherwise, as for the comment itself."""
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    if not can_see_post_revisions(viewer, post):
        raise Http404("No such comment.")
    return PostHistory(post=post, versions=post_versions(post))
