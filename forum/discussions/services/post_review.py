"""What the moderation rules make of a post's body, with the tickers it names and the author's
disclosure of positions in them: what posting writes onto the post and into the log."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from companies.tickers import mentions, symbols
from forum.discussions.models import Post, Topic
from forum.discussions.services.disclosure import DisclosureInput, disclosure_clean
from forum.moderation.gate import AuthorHistory, Hold, post_holds


@dataclass(frozen=True)
class Review:
    holds: list[Hold]
    """Every rule that holds the post, the one that decides first; empty to show it."""
    tickers: list[str]
    disclosure: dict[str, str]

    @property
    def hold(self) -> Hold | None:
        return self.holds[0] if self.holds else None

    @property
    def reasons(self) -> str:
        """For the log: every rule's words, the deciding one first."""
        return " ".join(hold.text for hold in self.holds)

    def post_fields(self) -> dict[str, object]:
        """A new post's status and what it keeps of the review."""
        hold = self.hold
        return {
            "status": Post.Status.PENDING if hold else Post.Status.VISIBLE,
            "held_code": hold.code if hold else "",
            "held_reason": hold.text[:300] if hold else "",
            "held_at": timezone.now() if hold else None,
            "hold_reasons": [each.as_data() for each in self.holds],
            "tickers": self.tickers,
            "disclosure": self.disclosure,
        }


def post_review(
    *,
    author: User,
    topic: Topic,
    body: str,
    spared: bool,
    history: AuthorHistory | None = None,
    post: Post | None = None,
    disclosure: DisclosureInput = None,
) -> Review:
    """The rules' verdict on `body` (forum/moderation/gate.py), none asked when `spared`
    (discussion staff). A new post's `disclosure` is checked (ValidationError on `disclosure`);
    `post`, being edited, keeps the positions it disclosed in the tickers the new body still
    names."""
    found = mentions(body)
    tickers = symbols(found)
    if post is None:
        disclosed = disclosure_clean(disclosure, tickers)
    else:
        disclosed = {t: position for t, position in post.disclosure.items() if t in tickers}
    holds = (
        []
        if spared
        else post_holds(
            author=author, topic=topic, body=body, post=post, history=history, mentions=found,
            disclosure=disclosed,
        )
    )  # fmt: skip
    return Review(holds=holds, tickers=tickers, disclosure=disclosed)
