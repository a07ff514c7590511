"""Which rules held a post, as codes (HoldCode): what the moderation card, the moderation API
and the author's own view of the post read, so that they agree."""

from __future__ import annotations

from typing import Any

from forum.discussions.models import HoldCode, Post


def post_hold_codes(post: Post) -> list[HoldCode]:
    """The codes of the rules that held the post, the one stored with it first; empty for a
    post no rule held. Every rule's is kept in Post.hold_reasons, while their first is the
    code stored with the post (a post held again by readers' reports, or held before they were
    kept, has that code alone)."""
    kept = [HoldCode(r["code"]) for r in post_hold_reasons_kept(post)]
    if kept:
        return kept
    return [HoldCode(post.held_code)] if post.held_code in HoldCode.values else []


def post_hold_reasons_kept(post: Post) -> list[dict[str, Any]]:
    """The reasons the gate kept with the post ({"code", "text", "spans"}), while they are the
    ones it is held for; else none."""
    kept = [r for r in post.hold_reasons if r.get("code") in HoldCode.values]
    return kept if kept and kept[0]["code"] == post.held_code else []


def post_hold_codes_shown_to_author(post: Post) -> list[HoldCode]:
    """The codes the author sees on their own post: while it is held or rejected."""
    if post.status not in (Post.Status.PENDING, Post.Status.REJECTED):
        return []
    return post_hold_codes(post)
