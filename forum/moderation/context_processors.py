from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.viewer import viewer_for
from forum.moderation.selectors import Queue, QueueSummary, moderation_queue_summary


@dataclass(frozen=True)
class ModerationNav:
    """What waits for the moderators: the counts of the queue tabs and the header's link."""

    pending: QueueSummary
    reported: QueueSummary

    @property
    def count(self) -> int:
        return self.pending.count + self.reported.count

    @property
    def label(self) -> str:
        """The count as the header shows it: "1,000+" once either queue is past its cap."""
        more = self.pending.more_than_cap or self.reported.more_than_cap
        return f"{self.count - 1:,}+" if more else str(self.count)

    @property
    def oldest(self) -> datetime | None:
        return min((s.oldest for s in (self.pending, self.reported) if s.oldest), default=None)

    @property
    def age(self) -> str:
        """How long the oldest item has waited, briefly: "12 min", "5 h", "3 d"."""
        if self.oldest is None:
            return ""
        minutes = int((timezone.now() - self.oldest).total_seconds() // 60)
        if minutes < 1:
            return "under 1 min"
        if minutes < 60:
            return f"{minutes} min"
        if minutes < 48 * 60:
            return f"{minutes // 60} h"
        return f"{minutes // (24 * 60)} d"

    @property
    def badge(self) -> str:
        """The header's badge: "6 waiting, oldest 3 min"; "1 waiting, for 3 min" alone."""
        if not self.count:
            return ""
        if self.count == 1:
            return f"1 waiting, for {self.age}"
        return f"{self.label} waiting, oldest {self.age}"


def _nav(request: HttpRequest) -> ModerationNav | None:
    viewer = viewer_for(request)
    # is_staff first: it comes with the moderator roles, and readers then cost no query at all.
    if not viewer.is_staff or not viewer.is_discussion_staff:
        return None
    summary = moderation_queue_summary()
    return ModerationNav(pending=summary[Queue.PENDING], reported=summary[Queue.REPORTED])


def moderation(request: HttpRequest) -> dict[str, object]:
    # Lazy: counted only on pages that show it, and at most once per page.
    return {"moderation_nav": SimpleLazyObject(lambda: _nav(request))}
