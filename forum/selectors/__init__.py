"""Reads. Each applies visibility: what a viewer may not see is absent."""

from .discussions import (
    PostNode,
    Sort,
    ThreadPage,
    category_get,
    category_list,
    post_get_for_viewer,
    post_node,
    posts_new_since,
    posts_public_by_author,
    thread_page,
    thread_roots,
    thread_trees,
    topic_get_for_viewer,
    topic_list,
)
from .moderation import (
    AuthorRecord,
    ModerationItem,
    Queue,
    QueueSummary,
    moderation_log,
    moderation_queue,
    moderation_queue_summary,
)
from .notifications import notification_inbox, notification_unread_count

__all__ = [
    "AuthorRecord",
    "ModerationItem",
    "PostNode",
    "Queue",
    "QueueSummary",
    "Sort",
    "ThreadPage",
    "category_get",
    "category_list",
    "moderation_log",
    "moderation_queue",
    "moderation_queue_summary",
    "notification_inbox",
    "notification_unread_count",
    "post_get_for_viewer",
    "post_node",
    "posts_new_since",
    "posts_public_by_author",
    "thread_page",
    "thread_roots",
    "thread_trees",
    "topic_get_for_viewer",
    "topic_list",
]
