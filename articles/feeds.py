from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Article
from .selectors import article_list_syndicated, article_updated_at

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    title = settings.SITE_NAME
    link = reverse_lazy("articles:list")
    description = "The latest articles from Rare Earth Exchanges."

    def items(self) -> QuerySet[Article]:
        return article_list_syndicated()[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.standfirst or item.title

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Article) -> datetime | None:
        """The latest correction or update note's time, else the publication's: an edit with
        no note (a typo fixed) does not bring the entry back to readers' attention."""
        return article_updated_at(item) or item.publish_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
