from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Article


class StaticSitemap(Sitemap[str]):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["articles:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap[Article]):
    changefreq = "daily"

    def items(self) -> QuerySet[Article]:
        return Article.objects.live().order_by("-publish_at")

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at
