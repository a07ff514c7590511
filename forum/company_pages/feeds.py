"""/companies/<slug>/feed/: the company's newest articles and comments, as anyone sees them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from accounts.viewer import Viewer
from companies.models import Company
from forum.company_pages.selectors import company_articles, company_comments, company_get

FEED_LENGTH = 20
# What XML 1.0 cannot hold: a name or a comment with one would make the feed fail to render.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    summary: str
    at: datetime
    author: str


def company_feed_entries(company: Company) -> list[FeedEntry]:
    """The newest FEED_LENGTH of the company's articles and public comments, merged."""
    articles = [
        FeedEntry(
            title=article.title,
            link=article.get_absolute_url(),
            summary=article.standfirst or article.title,
            at=article.publish_at or article.created_at,
            author="",
        )
        for article in company_articles(company=company)[:FEED_LENGTH]
    ]
    comments = [
        FeedEntry(
            title=f"{row.post.author.public_name} on {row.post.topic.title}",
            link=row.post.get_absolute_url(),
            summary=Truncator(strip_tags(row.post.body_html)).chars(400),
            at=row.created_at,
            author=row.post.author.public_name,
        )
        for row in company_comments(company=company, viewer=Viewer.of(None))[:FEED_LENGTH]
    ]
    return sorted(articles + comments, key=lambda entry: entry.at, reverse=True)[:FEED_LENGTH]


class CompanyAtomFeed(Feed[FeedEntry, Company]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Company:
        return company_get(slug=slug)

    def title(self, obj: Company) -> str:
        return _xml_text(f"{obj.name} on Rare Earth Exchanges")

    def link(self, obj: Company) -> str:
        return obj.get_absolute_url()

    def subtitle(self, obj: Company) -> str:
        return _xml_text(f"Articles about {obj.name} and comments naming it, newest first.")

    def feed_url(self, obj: Company) -> str:
        return reverse("companies:feed", kwargs={"slug": obj.slug})

    def items(self, obj: Company) -> list[FeedEntry]:
        return company_feed_entries(obj)

    def item_title(self, item: FeedEntry) -> str:
        return _xml_text(item.title)

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_description(self, item: FeedEntry) -> str:
        return _xml_text(item.summary)

    def item_pubdate(self, item: FeedEntry) -> datetime:
        return item.at

    def item_author_name(self, item: FeedEntry) -> str | None:
        return _xml_text(item.author) or None
