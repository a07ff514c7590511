from .discussions import (
    ARTICLES_CATEGORY_SLUG,
    PATH_SEGMENT_WIDTH,
    Category,
    Post,
    PostRevision,
    Reaction,
    Topic,
    path_segment,
)
from .moderation import Flag, ModerationLogEntry, WordRule
from .notifications import Notification, NotificationEvent, TopicSubscription

__all__ = [
    "ARTICLES_CATEGORY_SLUG",
    "PATH_SEGMENT_WIDTH",
    "Category",
    "Flag",
    "ModerationLogEntry",
    "Notification",
    "NotificationEvent",
    "Post",
    "PostRevision",
    "Reaction",
    "Topic",
    "TopicSubscription",
    "WordRule",
    "path_segment",
]
