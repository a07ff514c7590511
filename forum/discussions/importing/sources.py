"""What an export holds, as the parsers (disqus.py, wordpress.py) read it: plain data, nothing
of the database. The writing side (services.py) takes it from here."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from forum.discussions.models import ImportSource


class ImportFileError(Exception):
    """The export cannot be read: its message is one line, naming the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path.name}: {problem}")


EXTERNAL_ID_MAX_LENGTH = 100  # Post.external_id


def external_id_checked(path: Path, what: str, external_id: str) -> str:
    """A comment's id in the export, which Post.external_id must be able to hold."""
    if len(external_id) > EXTERNAL_ID_MAX_LENGTH:
        raise ImportFileError(path, f"{what} has an id of {len(external_id)} characters")
    return external_id


class SourceState(enum.Enum):
    """What the old system made of a comment."""

    PUBLISHED = "published"
    DELETED = "deleted"
    SPAM = "spam"
    UNAPPROVED = "unapproved"


@dataclass(frozen=True)
class SourceAuthor:
    name: str
    email: str
    """"" where the export has none."""
    username: str
    """The old system's account name; "" for a guest."""


@dataclass(frozen=True)
class SourcePost:
    external_id: str
    parent_id: str | None
    """The external id of the comment this one answers; None at the top of a thread."""
    author: SourceAuthor
    body_html: str
    created_at: datetime
    state: SourceState


@dataclass(frozen=True)
class SourceThread:
    """A page the old system kept comments for, and those comments, oldest first."""

    external_id: str
    identifiers: tuple[str, ...]
    """Other names a mapping may know the thread by (Disqus's identifier, WordPress's slug)."""
    link: str
    title: str
    posts: tuple[SourcePost, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Everything a mapping file or rule may match the thread by, link first."""
        return tuple(key for key in (self.link, self.external_id, *self.identifiers) if key)


@dataclass(frozen=True)
class SourceExport:
    source: ImportSource
    path: Path
    threads: tuple[SourceThread, ...]
    not_comments: int = 0
    """Pingbacks, trackbacks and other entries that are not comments: left out on reading."""

    @property
    def post_count(self) -> int:
        return sum(len(thread.posts) for thread in self.threads)
