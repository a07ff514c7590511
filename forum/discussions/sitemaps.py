"""The forum's topics in the site's sitemap (config/urls.py). An article's discussion is read
under the article, which the articles' sitemap lists; here are the forum's own topics."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from forum.discussions.models import Topic
from forum.discussions.selectors import public_topic_q


class TopicSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "hourly"

    def items(self) -> QuerySet[Topic]:
        """Forum topics anyone may read, most recently active first."""
        return (
            Topic.objects.filter(public_topic_q(), article__isnull=True)
            .only("pk", "slug", "last_activity_at")
            .order_by("-last_activity_at", "-id")
        )

    def lastmod(self, item: Topic) -> datetime:
        return item.last_activity_at
