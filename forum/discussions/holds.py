"""Which rules held a post, as codes (HoldCode): what the moderation card, the moderation API
and the author's own view of the post read, so that they agree."""

from __future__ import annotations

from forum.discussions.models import HoldCode, Post


def post_hold_codes(post: Post) -> list[HoldCode]:
    """The codes of the rules that held the post, the one stored with it first; empty for a
    post no rule held.

    Today a post keeps the code of the first rule that held it (Post.held_code). Where the
    gate comes to keep every rule that held a post, this is the one place that reads them.
    """
    return [HoldCode(post.held_code)] if post.held_code in HoldCode.values else []


def post_hold_codes_shown_to_author(post: Post) -> list[HoldCode]:
    """The codes the author sees on their own post: while it is held or rejected."""
    if post.status not in (Post.Status.PENDING, Post.Status.REJECTED):
        return []
    return post_hold_codes(post)
