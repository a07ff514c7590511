"""What every page's header shows of a reader's notifications."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.notifications.selectors import notification_unread_badge


def notifications(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header's badge, for logged-in users only: one short query,
    and the count's only when something is unread."""

    def unread() -> int:
        user = request.user
        return notification_unread_badge(user=user) if user.is_authenticated else 0

    return {"unread_notifications": SimpleLazyObject(unread)}
