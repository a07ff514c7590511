"""What a company's page lists.

An article is about a company when an editor tagged it with the company's slug (a Tag whose
slug is the Company's). Chosen over finding the company's names in the article's text: the
editor's tag is a decision, where a name in passing ("unlike Lynas, …") is not; it costs no
scan of every article when the list of companies changes; and the search's tag filter
already selects the same articles.

A comment is about a company when it names it: a PostTicker row with the company's main
ticker (written with the post), shown as everywhere else: posts the viewer may see
(post_seen_q) in discussions anyone may read (public_topic_q)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.viewer import Viewer
from articles.models import Article
from companies.models import Company
from forum.discussions.models import PostTicker
from forum.discussions.selectors import post_seen_q, public_topic_q


def company_get(*, slug: str) -> Company:
    """Http404 when there is no such company."""
    return get_object_or_404(Company, slug=slug)


def company_articles(*, company: Company) -> QuerySet[Article]:
    """The live articles tagged with the company, newest first."""
    return (
        Article.objects.live()
        .filter(tags__slug=company.slug)
        .defer("body", "body_html", "sections", "disclaimer")
        .order_by("-publish_at", "-id")
    )


def company_comments(*, company: Company, viewer: Viewer) -> QuerySet[PostTicker]:
    """The comments naming the company that `viewer` may see, newest first, each row's `post`
    joined with its author and discussion. Lazy: paginate it, in the same queries however
    many there are (the (ticker, -created_at) index gives the order)."""
    return (
        PostTicker.objects.filter(ticker=company.symbol)
        .filter(post_seen_q(viewer, "post__"), public_topic_q("post__topic__"))
        .select_related("post__author", "post__topic__article")
        .defer("post__body", "post__topic__article__body", "post__topic__article__body_html")
        .order_by("-created_at", "-post_id")
    )
