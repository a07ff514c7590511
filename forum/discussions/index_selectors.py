"""Reads for the forum's index: each category with what the public sees in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from forum.discussions.models import Category, Topic
from forum.discussions.selectors import category_list, public_topic_q


@dataclass
class CategorySummary:
    """A category on the forum's index: its public topics and their comments, and the topic
    with the latest activity (None while it has no public topic)."""

    category: Category
    topic_count: int
    comment_count: int
    latest: Topic | None


def category_summaries() -> list[CategorySummary]:
    """The categories with what the public sees in them, in two queries whatever their number:
    the categories with their counts and latest topic's id, then those topics."""
    public = Topic.objects.filter(public_topic_q(), category=OuterRef("pk")).order_by()
    per_category = public.values("category")
    categories = list(
        category_list().annotate(
            topic_count=Coalesce(Subquery(per_category.annotate(n=Count("pk")).values("n")), 0),
            comment_count=Coalesce(
                Subquery(per_category.annotate(n=Sum("post_count")).values("n")), 0
            ),
            latest_id=Subquery(public.order_by("-last_activity_at", "-id").values("pk")[:1]),
        )
    )
    latest = Topic.objects.in_bulk([c.latest_id for c in categories if c.latest_id])
    return [
        CategorySummary(
            category=c,
            topic_count=c.topic_count,
            comment_count=c.comment_count,
            latest=latest.get(c.latest_id),
        )
        for c in categories
    ]
