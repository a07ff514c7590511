"""/companies/ and /companies/<slug>/: the articles tagged with a company and the comments
naming it that the visitor may see, newest first, a page at a time, with a feed."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from companies.models import Company
from forum.discussions.models import Post, PostTicker, Topic
from forum.discussions.services.posting import post_edit
from tests.factories import ArticleFactory, ReaderFactory, TagFactory, comment, post_status_set
from tests.forum.discussions.test_rendering import assert_harmless
from tests.xss_payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

LYNAS = "/companies/lynas/"
_POST_BODY = re.compile(r'<div class="post-body">(.*?)</div>', re.DOTALL)


def _page(client: Client, url: str = LYNAS, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_index_lists_every_company_linking_to_its_page(client: Client) -> None:
    page = _page(client, "/companies/")
    assert 'href="/companies/lynas/"' in page
    assert "MP Materials" in page


def test_an_unknown_company_is_not_found(client: Client) -> None:
    assert client.get("/companies/no-such-company/").status_code == 404
    assert client.get("/companies/no-such-company/feed/").status_code == 404


def test_page_lists_the_live_articles_tagged_with_the_company(client: Client) -> None:
    tag = TagFactory(name="Lynas", slug="lynas")
    tagged = ArticleFactory(title="Lynas ships from Kalgoorlie", tags=[tag])
    ArticleFactory(title="Lynas named, not tagged")
    ArticleFactory(title="A draft about Lynas", status=Article.Status.DRAFT, tags=[tag])
    page = _page(client)
    assert f'href="{tagged.get_absolute_url()}"' in page
    assert "Lynas named, not tagged" not in page
    assert "A draft about Lynas" not in page


def test_page_lists_only_the_comments_anyone_may_see_naming_the_company(
    client: Client, topic: Topic
) -> None:
    shown = comment(topic, body="Lynas had a good quarter.")
    by_ticker = comment(topic, body="Bought more $LYC today.")
    comment(topic, body="MP Materials had a good quarter.")
    held = comment(topic, body="Lynas, the held one.")
    post_status_set(post=held, status=Post.Status.PENDING)
    removed = comment(topic, body="Lynas, the removed one.")
    post_status_set(post=removed, status=Post.Status.REMOVED)
    unpublished = ArticleFactory()
    hidden_topic = comment(unpublished.discussion, body="Lynas, under an article made a draft.")
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.DRAFT)
    page = _page(client)
    assert f'id="c{shown.pk}"' in page
    assert f'id="c{by_ticker.pk}"' in page
    for absent in (held, removed, hidden_topic):
        assert f'id="c{absent.pk}"' not in page
    assert "MP Materials had" not in page


def test_an_author_sees_their_own_held_comment_marked(client: Client, topic: Topic) -> None:
    author = ReaderFactory()
    held = comment(topic, author=author, body="Lynas, held for a moderator.")
    post_status_set(post=held, status=Post.Status.PENDING)
    client.force_login(author)
    page = _page(client)
    assert f'id="c{held.pk}"' in page
    assert "Pending" in page


def test_comments_come_newest_first_a_page_at_a_time(
    client: Client, topic: Topic, settings: Any
) -> None:
    settings.COMPANY_COMMENTS_PER_PAGE = 2
    posts = [comment(topic, body=f"Lynas note {number}.") for number in range(3)]
    now = timezone.now()
    for age, post in enumerate(posts):  # the first written is the newest
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(days=age))
        PostTicker.objects.filter(post=post).update(created_at=now - timedelta(days=age))
    first = _page(client)
    assert first.index(f'id="c{posts[0].pk}"') < first.index(f'id="c{posts[1].pk}"')
    assert f'id="c{posts[2].pk}"' not in first
    assert "Page 1 of 2" in first
    assert f'id="c{posts[2].pk}"' in _page(client, page=2)


def test_an_edit_that_drops_the_name_drops_the_comment(client: Client, topic: Topic) -> None:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Lynas looks cheap.")
    post_edit(post=post, editor=author, body="Everything looks cheap.")
    assert f'id="c{post.pk}"' not in _page(client)
    assert list(PostTicker.objects.filter(post=post)) == []


@pytest.mark.parametrize("count", [1, 25])
def test_page_costs_the_same_queries_however_many_comments(
    client: Client, topic: Topic, count: int, django_assert_max_num_queries: Any
) -> None:
    tag = TagFactory(name="Lynas", slug="lynas")
    ArticleFactory(tags=[tag])
    for number in range(count):
        comment(topic, body=f"Lynas note {number}.")
    client.get(LYNAS)  # the directory and the session compiled
    with django_assert_max_num_queries(4):
        _page(client)
    with django_assert_max_num_queries(4):
        assert client.get(f"{LYNAS}feed/").status_code == 200


def test_feed_has_the_articles_and_the_public_comments_newest_first(
    client: Client, topic: Topic
) -> None:
    tag = TagFactory(name="Lynas", slug="lynas")
    article = ArticleFactory(title="Lynas in Texas", tags=[tag])
    shown = comment(topic, body="Lynas again.")
    held = comment(topic, body="Lynas, held.")
    post_status_set(post=held, status=Post.Status.PENDING)
    response = client.get(f"{LYNAS}feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Lynas in Texas" in feed
    assert feed.index(shown.get_absolute_url()) < feed.index(article.get_absolute_url())
    assert held.get_absolute_url() not in feed


def _inert(payload: str, html: str) -> bool:
    """The payload is not in the page as written, unless it holds nothing HTML would read."""
    return payload not in html or payload == re.sub(r"[<>\"'&]", "", payload)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_in_a_company_name_or_a_comment_stays_text(
    client: Client, topic: Topic, payload: str
) -> None:
    company = Company.objects.create(name=f"Evil {payload}", slug="evil", tickers="EVL.AX")
    comment(topic, body=f"Lynas and $EVL {payload}")
    for url in ("/companies/", company.get_absolute_url(), LYNAS):
        page = _page(client, url)
        for body in _POST_BODY.findall(page):  # the sanitised comments, as in threads
            assert_harmless(body)
        assert _inert(payload, _POST_BODY.sub("", page)), url
    for url in (f"{company.get_absolute_url()}feed/", f"{LYNAS}feed/"):
        feed = client.get(url).content
        ElementTree.fromstring(feed)  # noqa: S314  # our own feed: well-formed, names as text
        assert "<" not in payload or payload not in feed.decode(), url
