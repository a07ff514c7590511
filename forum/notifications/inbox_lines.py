"""What the inbox page shows of a page of notifications: who did what where, an excerpt, and
several of the same kind about the same thing as one line ("3 replies to your comment").

Built from the rows notification_inbox() reads (actor, event, post and topic joined): no query
of its own, however many notifications there are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator

from accounts.models import NotificationKind
from forum.notifications.messages import notification_path, notification_text
from forum.notifications.models import Notification

EXCERPT_CHARS = 160
NAMED_ACTORS = 2  # "ada, bo and 3 others"

# Kinds about a post, said "<actor> <verb> <title><after>", or for several about the same
# thing "<count> <noun> <verb of many> <title><after>". The other kinds are said whole.
_ABOUT_A_POST: dict[str, tuple[str, str, str, str]] = {
    # kind: (verb, noun, verb of many, after the title)
    NotificationKind.REPLY: ("replied to your comment in", "replies", "to your comment in", ""),
    NotificationKind.MENTION: ("mentioned you in", "mentions", "of you in", ""),
    NotificationKind.WATCHED_TOPIC: ("posted in", "new posts", "in", ", which you watch"),
}


@dataclass
class InboxLine:
    """One line of the inbox: one notification, or several grouped (newest first)."""

    notifications: list[Notification]
    url: str
    actors: list[str] = field(default_factory=list)
    lead: str = ""
    """What the line starts with, in bold: who, or how many ("3 replies")."""
    verb: str = ""
    title: str = ""
    after: str = ""
    text: str = ""
    """The whole sentence, for kinds not said as actor, verb and title."""
    excerpt: str = ""

    @property
    def newest(self) -> Notification:
        return self.notifications[0]

    @property
    def count(self) -> int:
        return len(self.notifications)

    @property
    def unread(self) -> bool:
        return any(n.read_at is None for n in self.notifications)

    @property
    def created_at(self) -> datetime:
        return self.newest.created_at

    @property
    def other_ids(self) -> list[int]:
        """The grouped notifications besides the newest: read with it."""
        return [n.pk for n in self.notifications[1:]]

    @property
    def actors_text(self) -> str:
        """Who, for a group: "ada, bo and 3 others"."""
        names = list(dict.fromkeys(self.actors))
        if len(names) <= NAMED_ACTORS + 1:
            return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        others = len(names) - NAMED_ACTORS
        return f"{', '.join(names[:NAMED_ACTORS])} and {others} others"


def _group_key(notification: Notification) -> tuple[str, int] | None:
    """What makes notifications one line: a reply's comment replied to, a mention's or a
    watched post's topic. None: a line of its own."""
    post = notification.post
    if post is None or notification.kind not in _ABOUT_A_POST:
        return None
    if notification.kind == NotificationKind.REPLY:
        return (notification.kind, post.reply_to_id or post.pk)
    return (notification.kind, post.topic_id)


def _line(notifications: list[Notification]) -> InboxLine:
    newest = notifications[0]
    line = InboxLine(notifications=notifications, url=notification_path(newest))
    post = newest.post
    if post is None or newest.kind not in _ABOUT_A_POST:
        line.text = notification_text(newest)
        return line
    verb, noun, verb_of_many, line.after = _ABOUT_A_POST[newest.kind]
    line.actors = [n.actor.public_name if n.actor else "Someone" for n in notifications]
    if len(notifications) > 1:
        line.lead, line.verb = f"{len(notifications)} {noun}", verb_of_many
    else:
        line.lead, line.verb = line.actors[0], verb
    line.title = post.topic.title
    line.excerpt = Truncator(" ".join(strip_tags(post.body_html).split())).chars(EXCERPT_CHARS)
    return line


def inbox_lines(notifications: Iterable[Notification]) -> list[InboxLine]:
    """The notifications (newest first) as lines, each group where its newest falls."""
    groups: dict[tuple[str, int] | int, list[Notification]] = {}
    for notification in notifications:
        key = _group_key(notification)
        groups.setdefault(key if key is not None else notification.pk, []).append(notification)
    return [_line(members) for members in groups.values()]
