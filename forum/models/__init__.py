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

__all__ = [
    "ARTICLES_CATEGORY_SLUG",
    "PATH_SEGMENT_WIDTH",
    "Category",
    "Flag",
    "ModerationLogEntry",
    "Post",
    "PostRevision",
    "Reaction",
    "Topic",
    "WordRule",
    "path_segment",
]
