"""Article revisions, kept by django-simple-history: what each holds of the Highlights, and
what changed between two of them, for editors to read."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .models import Article

# The fields an editor reads a revision by, in the order the admin shows their changes.
REVISION_TEXT_FIELDS = ("title", "standfirst", "body", "disclaimer")
# Shown line by line, even while they are one line long; the others as old → new.
_DIFFED_FIELDS = frozenset({"body", "disclaimer"})


@dataclass(frozen=True)
class RevisionChange:
    """One field's change: a one-line field as old and new, a longer one as a unified diff."""

    field: str
    old: str = ""
    new: str = ""
    diff: tuple[str, ...] = ()

    @property
    def diff_text(self) -> str:
        return "\n".join(self.diff)


def article_revision_record_highlights(*, article: Article) -> None:
    """Put the article's Highlights, as they stand now, on its newest revision.

    Called after the article (and again after its Highlights) are saved, in the transaction
    that saved them, so that each revision holds the Highlights that went with it.
    """
    revision = article.history.order_by("-history_date", "-history_id").first()
    if revision is None:
        return
    revision.highlights_snapshot = highlights_snapshot(article)
    revision.save(update_fields=["highlights_snapshot"])


def highlights_snapshot(article: Article) -> list[list[Any]]:
    return [[depth, text] for depth, text in article.highlights.values_list("depth", "text")]


def highlights_outline(snapshot: list[list[Any]]) -> list[str]:
    """The Highlights of a revision as indented bullet lines, as an editor would read them."""
    return [f"{'    ' * int(depth)}- {text}" for depth, text in snapshot]


def revision_changes(older: Any, newer: Any) -> list[RevisionChange]:
    """What changed from `older` to `newer` (two historical articles) in the text readers see."""
    changes = []
    for field in REVISION_TEXT_FIELDS:
        old, new = getattr(older, field), getattr(newer, field)
        if old == new:
            continue
        if field in _DIFFED_FIELDS or "\n" in old or "\n" in new:
            changes.append(RevisionChange(field, diff=_unified(old.splitlines(), new.splitlines())))
        else:
            changes.append(RevisionChange(field, old=old, new=new))
    old_outline = highlights_outline(older.highlights_snapshot)
    new_outline = highlights_outline(newer.highlights_snapshot)
    if old_outline != new_outline:
        changes.append(RevisionChange("highlights", diff=_unified(old_outline, new_outline)))
    return changes


def _unified(old: list[str], new: list[str]) -> tuple[str, ...]:
    # The two header lines name no files; the hunks alone say what changed.
    return tuple(difflib.unified_diff(old, new, lineterm="", n=1))[2:]
