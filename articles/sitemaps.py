from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Article
from .selectors import article_updated_at


class StaticSitemap(Sitemap):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["articles:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"

    def items(self) -> QuerySet[Article]:
        return Article.objects.live().with_noted_at().order_by("-publish_at", "-id")

    def lastmod(self, item: Article) -> datetime | None:
        """As the feeds' updated time: the latest note's time, else the publication's."""
        return article_updated_at(item) or item.publish_at
