"""Who may do what in moderation. `*_refusal` says why not (None when allowed), as in
forum/discussions/permissions.py, whose rules these build on."""

from __future__ import annotations

from accounts.permissions import Refusal
from accounts.viewer import Viewer
from forum.discussions.models import Post
from forum.discussions.permissions import report_refusal
from forum.moderation.models import Report

ALREADY_REPORTED = "You already reported this comment."


def post_report_refusal(viewer: Viewer, post: Post) -> Refusal | None:
    """Whether a reader may report `post`: the discussion's rules (report_refusal), and once per
    reader and comment. What the report page asks before it offers the form; the service asks
    again on the locked rows, and the database's constraint settles a race."""
    if refusal := report_refusal(viewer, post):
        return refusal
    if Report.objects.filter(post=post, reporter_id=viewer.pk).exists():
        return Refusal(ALREADY_REPORTED)
    return None
