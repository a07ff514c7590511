"""The moderation card on /moderation/: the article (linked, its highlights and disclaimer folded
open on demand), the whole chain of posts above, the author's record, and every reason the post
was held with the part of its text that triggered it marked; in a fixed number of queries
however many cards and however deep their threads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from articles.models import Article
from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_edit
from forum.moderation.hold_reasons import Span, marked_excerpt
from forum.moderation.models import Report, WordRule
from forum.moderation.services.account_states import user_suspend
from forum.moderation.services.decisions import post_reject, post_remove
from tests.factories import HighlightFactory, ModeratorFactory, ReaderFactory
from tests.forum.moderation.helpers import QUEUE, _held, _item, _page, _visible, report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]


def test_card_links_the_article_and_folds_its_highlights_and_disclaimer(
    mod_client: Client, topic: Topic, article: Article
) -> None:
    HighlightFactory(article=article, position=1, text="Prices <rose> 4%")
    HighlightFactory(article=article, position=2, depth=1, text="Mostly oxides")
    post = _held(topic)

    item = _item(_page(mod_client), post)

    assert f'<a class="mod-where" href="{article.get_absolute_url()}">{article.title}</a>' in item
    assert f'href="/forum/p/{post.pk}/">in place</a>' in item
    details = item[item.index('<details class="mod-article">') :]
    assert "<summary>The article’s highlights and disclaimer</summary>" in details
    assert "<li>Prices &lt;rose&gt; 4%<ul>" in details
    assert "<li>Mostly oxides</li>" in details
    assert f"<strong>Disclaimer:</strong> {article.disclaimer}</p>" in details
    assert " open" not in details[: details.index(">")]  # folded until asked


def test_card_shows_no_article_context_when_the_article_has_none(
    mod_client: Client, topic: Topic, article: Article
) -> None:
    Article.objects.filter(pk=article.pk).update(disclaimer="")
    post = _held(topic)

    assert "mod-article" not in _item(_page(mod_client), post)


def test_card_quotes_the_whole_chain_above_a_reply_past_the_depth_limit_with_the_right_parent(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 3  # depths 0 to 2
    ann = _visible(topic, author=ReaderFactory(display_name="Ann"), body="Prices will fall.")
    bob = _visible(topic, author=ReaderFactory(display_name="Bob"), reply_to=ann, body="No.")
    cy = _visible(topic, author=ReaderFactory(display_name="Cy"), reply_to=bob, body="Yes. " * 60)
    reply = _held(topic, reply_to=cy, body="All three of you are wrong.")
    assert reply.parent == bob  # it sits beside Cy's, whom it answers

    item = _item(_page(mod_client), reply)

    assert "<li>Ann: Prices will fall.</li><li>Bob: No.</li></ol>" in item
    assert '<span class="meta">In reply to Cy:</span> Yes. Yes.' in item
    assert "…</blockquote>" in item  # quoted briefly


def test_card_shows_the_authors_record_and_account_state(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    author = ReaderFactory(date_joined=timezone.now() - timedelta(days=40))
    moderator = ModeratorFactory()
    post_reject(post=_held(topic, author=author), moderator=moderator, reason="Off-topic")
    settings.FORUM_REPORT_THRESHOLD = 10
    shown = _visible(topic, author=author)
    report(shown, count=2)
    post_remove(post=shown, moderator=moderator, reason="Abuse")
    _visible(topic, author=author)
    user_suspend(
        user=author, by=moderator, until=timezone.now() + timedelta(days=3), reason="Cooling off"
    )
    post = Post.objects.create(
        topic=topic, author=author, body="Held again.", status=Post.Status.PENDING,
        path="", held_code=HoldCode.FIRST_POST, held_reason="A first post.", held_at=timezone.now(),
    )  # fmt: skip

    item = _item(_page(mod_client), post)

    assert f'title="{author.date_joined:%b} {author.date_joined.day}, ' in item
    assert f">{naturaltime(author.date_joined)}</time>" in item
    assert "· 1 approved · 1 rejected · 1 removed · 2 reports upheld" in item
    assert "· Suspended until " in item


def test_card_marks_the_words_that_held_the_post_and_escapes_the_text_around_them(
    mod_client: Client, topic: Topic
) -> None:
    WordRule.objects.create(phrase="scam", kind=WordRule.Kind.SUSPECT)
    post = _held(topic, body='<script>alert("x")</script> This scam is a SCAM & more.')
    assert post.held_code == HoldCode.SUSPECT_WORD

    item = _item(_page(mod_client), post)

    assert (
        '<li data-code="suspect_word"><strong>Held:</strong> Contains words on the watch list: '
        "scam.\n"
        '    <blockquote class="mod-marked">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "This <mark>scam</mark> is a <mark>SCAM</mark> &amp; more.</blockquote></li>"
    ) in item
    assert "<script>" not in item


def _reported_while_held(post: Post, count: int) -> None:
    for _ in range(count):
        Report.objects.create(post=post, reporter=ReaderFactory(), reason=Report.Reason.SPAM)
    Post.objects.filter(pk=post.pk).update(open_report_count=count, reported_at=timezone.now())


def test_card_lists_every_reason_a_rule_and_readers_reports(
    mod_client: Client, topic: Topic
) -> None:
    post = _held(topic, body="Read www.example.com and https://example.org/x now")
    Post.objects.filter(pk=post.pk).update(
        held_code=HoldCode.MANY_LINKS, held_reason="2 links from an author with 0 approved posts."
    )
    _reported_while_held(post, 2)

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert '<li data-code="many_links"><strong>Held:</strong> 2 links from an author' in item
    assert "Read <mark>www.example.com</mark> and <mark>https://example.org/x</mark> now" in item
    assert '<li data-code="reports"><strong>Held:</strong> 2 open reports from readers.' in item


def test_card_of_a_post_approved_then_removed_shows_no_stale_hold_reason(
    mod_client: Client, topic: Topic
) -> None:
    post = _visible(topic)
    assert post.held_code == HoldCode.FIRST_POST  # kept from when it was held
    post_remove(post=post, moderator=ModeratorFactory(), reason="Abuse")

    item = _item(_page(mod_client, f"{QUEUE}?queue=history"), post)

    assert "mod-held" not in item


def test_card_links_an_edited_post_to_its_revisions(mod_client: Client, topic: Topic) -> None:
    post = _held(topic, body="First words.")
    post_edit(post=post, editor=post.author, body="Second words.")

    item = _item(_page(mod_client), post)

    assert f'<a class="meta" href="/forum/p/{post.pk}/revisions/">edited</a>' in item


def test_marked_excerpt_keeps_context_around_far_apart_spans() -> None:
    text = "a" * 100 + "X" + "b" * 300 + "Y" + "c" * 100

    marked = marked_excerpt(text, [Span(401, 402), Span(100, 101)], context=5)

    assert marked == "…aaaaa<mark>X</mark>bbbbb…bbbbb<mark>Y</mark>ccccc…"


@pytest.mark.parametrize("cards", [1, 25])
def test_queue_page_costs_the_same_queries_however_many_cards_and_however_deep(
    mod_client: Client,
    topic: Topic,
    article: Article,
    settings: Settings,
    cards: int,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    """Each part of every card (the chain above, reasons and their words, reports, records,
    highlights) is read for the whole page at once."""
    settings.FORUM_MAX_DEPTH = 4
    settings.FORUM_REPORT_THRESHOLD = 100
    HighlightFactory(article=article)
    WordRule.objects.create(phrase="scam", kind=WordRule.Kind.SUSPECT)
    chain = [_visible(topic)]
    for _ in range(5):
        chain.append(_visible(topic, reply_to=chain[-1]))
    for n in range(cards):
        held = _held(topic, reply_to=chain[n % len(chain)], body=f"A scam, number {n}.")
        _reported_while_held(held, 1)
    Report.objects.update(status=Report.Status.UPHELD)

    # The queue page's 14, the watch list for the reasons' words, the posts above the replies.
    with django_assert_max_num_queries(16):
        page = _page(mod_client, f"{QUEUE}?queue=reported")

    assert page.count('class="mod-item"') == cards
    assert page.count("<mark>scam</mark>") == cards
