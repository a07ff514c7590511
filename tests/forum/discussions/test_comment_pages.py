"""The comments as people use them: under an article, on the forum, with and without htmx."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import Category, Post, Topic
from forum.discussions.services.posting import post_edit
from forum.discussions.services.reactions import reaction_add
from forum.discussions.services.topics import topic_create
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    AdministratorFactory,
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db

TOPIC_LINK_TEXT = "Join the full discussion at the Rare Earth Exchanges Forum →"


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def _card(page: str, post: Post) -> str:
    """The markup of one comment, from its <li> up to its replies list."""
    start = page.index(f'id="comment-{post.pk}"')
    return page[start : page.index(f'id="replies-{post.pk}"', start)]


def _thread_order(page: str, posts: list[Post]) -> list[Post]:
    return sorted(posts, key=lambda post: page.index(f'id="comment-{post.pk}"'))


# --- The count, the empty state, the threads ------------------------------------------------


def test_article_page_counts_visible_comments(
    client: Client, article_url: str, topic: Topic
) -> None:
    root = comment(topic)
    comment(topic, reply_to=root)
    comment(topic)
    post_status_set(post=comment(topic), status=Post.Status.REMOVED)

    page = _get(client, article_url)

    assert '<h2 id="comments-title">3 Comments</h2>' in page
    assert "No replies yet" not in page


def test_article_page_says_1_comment_in_the_singular(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    assert '<h2 id="comments-title">1 Comment</h2>' in _get(client, article_url)


def test_article_page_without_comments_says_no_replies_yet(
    client: Client, article_url: str
) -> None:
    page = _get(client, article_url)

    assert '<h2 id="comments-title">0 Comments</h2>' in page
    assert '<p class="empty">No replies yet</p>' in page
    assert 'class="comment-sort"' not in page


def test_article_page_shows_threaded_comments_with_author_and_anchor(
    client: Client, article_url: str, topic: Topic
) -> None:
    alice = ReaderFactory(username="alice_r", display_name="Alice R")
    root = comment(topic, author=alice, body="Root remark.")
    reply = comment(topic, reply_to=root, body="A reply.")
    second = comment(topic, body="Second thread.")

    page = _get(client, article_url)

    assert f'<li class="comment" id="comment-{root.pk}">' in page
    assert '<a class="author" href="/u/alice_r/">Alice R</a>' in _card(page, root)
    assert f'<a class="permalink" href="#comment-{root.pk}">' in page
    replies = page[page.index(f'id="replies-{root.pk}"') : page.index(f'id="comment-{second.pk}"')]
    assert f'id="comment-{reply.pk}"' in replies
    assert "A reply." in replies
    assert _thread_order(page, [second, reply, root]) == [root, reply, second]


def test_reply_past_max_depth_says_whom_it_answers(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 2
    root = comment(topic)
    answered = comment(topic, author=ReaderFactory(username="deep_one"), reply_to=root)
    beside = comment(topic, reply_to=answered)

    page = _get(client, article_url)

    assert '<p class="replying-to">Replying to @deep_one</p>' in _card(page, beside)
    assert "Replying to" not in _card(page, answered)


@pytest.mark.parametrize("factory", [ModeratorFactory, AdministratorFactory])
def test_comment_by_staff_carries_the_moderator_badge(
    client: Client, article_url: str, topic: Topic, factory: type[ReaderFactory]
) -> None:
    post = comment(topic, author=factory())

    page = _get(client, article_url)

    assert '<span class="badge badge-moderator">Moderator</span>' in _card(page, post)


def test_comment_by_a_reader_carries_no_moderator_badge(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    assert "badge-moderator" not in _get(client, article_url)


def test_comment_by_the_article_author_carries_the_author_badge(client: Client) -> None:
    writer = ReaderFactory()
    article = ArticleFactory(author=writer)
    topic = article.discussion
    theirs = comment(topic, author=writer, body="Thanks for reading.")
    other = comment(topic, body="Nice piece.")

    page = _get(client, article.get_absolute_url())

    assert '<span class="badge badge-author">Author</span>' in _card(page, theirs)
    assert "badge-author" not in _card(page, other)


def test_edited_comment_carries_the_edited_marker(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    edited = comment(topic, author=reader)
    untouched = comment(topic)
    post_edit(post=edited, editor=reader, body="On reflection, no.")

    page = _get(client, article_url)

    assert '<span class="edited"' in _card(page, edited)
    assert ">edited</span>" in _card(page, edited)
    assert 'class="edited"' not in _card(page, untouched)
    assert "On reflection, no." in page


def test_comment_body_is_shown_as_rendered_markdown(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic, body="**Bold** claim <script>alert(1)</script>")

    page = _get(client, article_url)

    assert "<p><strong>Bold</strong> claim &lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert "<script>alert(1)" not in page


def test_author_sees_edit_and_delete_links_on_their_comment_only(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    mine = comment(topic, author=reader)
    theirs = comment(topic)
    client.force_login(reader)

    page = _get(client, article_url)

    assert f'href="/forum/p/{mine.pk}/edit/"' in _card(page, mine)
    assert f'href="/forum/p/{mine.pk}/delete/"' in _card(page, mine)
    assert "/edit/" not in _card(page, theirs)
    assert "/delete/" not in _card(page, theirs)


# --- Replying without JavaScript ------------------------------------------------------------


def test_each_comment_has_a_reply_link_to_the_reply_page_and_no_form(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    post = comment(topic)
    client.force_login(reader)

    card = _card(_get(client, article_url), post)

    reply_url = f"/forum/t/{topic.pk}/reply/?parent={post.pk}"
    assert f'<a class="reply-link" href="{reply_url}" hx-boost="true">Reply</a>' in card
    assert "<form" not in card
    assert "<textarea" not in card


def test_the_reply_link_without_javascript_posts_and_lands_on_the_new_reply(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Root remark.")
    client.force_login(reader)
    card = _card(_get(client, article_url), root)
    reply_page = _get(client, re.search(r'class="reply-link" href="([^"]+)"', card).group(1))
    assert "<h1>Reply to " in reply_page
    form = re.search(r'<form class="comment-form" method="post" action="([^"]+)">', reply_page)
    assert f'<input type="hidden" name="parent" value="{root.pk}">' in reply_page
    assert re.search(f'<textarea name="body"[^>]* id="reply-{root.pk}-body"', reply_page)

    posted = client.post(form.group(1), {"parent": str(root.pk), "body": "My *reply*."})

    reply = Post.objects.get(author=reader)
    assert (reply.parent_id, reply.reply_to_id, reply.body) == (root.pk, root.pk, "My *reply*.")
    assert posted.status_code == 302
    assert posted["Location"] == f"/forum/p/{reply.pk}/"
    permalink = client.get(posted["Location"])
    assert permalink.status_code == 302
    assert permalink["Location"] == f"{article_url}#comment-{reply.pk}"
    page = _get(client, permalink["Location"])
    assert "<p>My <em>reply</em>.</p>" in page


def test_htmx_gets_the_reply_form_alone_to_put_in_place_of_the_link(
    client: Client, topic: Topic, reader: User
) -> None:
    root = comment(topic, body="Root remark.")
    client.force_login(reader)

    response = client.get(f"/forum/t/{topic.pk}/reply/?parent={root.pk}", HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "<h1>" not in fragment
    assert (
        f'<form class="comment-form" method="post" action="/forum/t/{topic.pk}/reply/">' in fragment
    )
    assert f'<input type="hidden" name="parent" value="{root.pk}">' in fragment
    assert fragment.count('name="csrfmiddlewaretoken"') == 1
    assert response["HX-Push-Url"] == "false"  # the article's address stays
    assert f'id="reply-{root.pk}-body"' in fragment  # ids of its own beside the page's form


def test_top_level_comment_form_posts_a_new_thread(
    client: Client, article_url: str, topic: Topic, reader: User
) -> None:
    client.force_login(reader)
    page = _get(client, article_url)
    assert f'<form class="comment-form" method="post" action="/forum/t/{topic.pk}/reply/">' in page

    posted = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "First thoughts."})

    post = Post.objects.get(author=reader)
    assert post.depth == 0
    assert posted["Location"] == f"/forum/p/{post.pk}/"
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_permalink_thread_view_shows_only_that_thread(
    client: Client, article_url: str, topic: Topic
) -> None:
    wanted = comment(topic, body="Wanted thread.")
    comment(topic, body="Other thread.")

    page = _get(client, f"{article_url}?thread={wanted.pk}")

    assert "Wanted thread." in page
    assert "Other thread." not in page


def test_permalink_of_a_forum_post_redirects_to_the_topic_page(client: Client) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="Magnet prices", body="Up?"
    )
    post = comment(topic)

    response = client.get(f"/forum/p/{post.pk}/")

    assert response["Location"] == (f"{topic.get_absolute_url()}#comment-{post.pk}")


def test_reply_page_shows_the_form_for_a_parent(client: Client, topic: Topic, reader: User) -> None:
    parent = comment(topic, author=ReaderFactory(display_name="Bea"), body="Quoted text.")
    client.force_login(reader)

    page = _get(client, f"/forum/t/{topic.pk}/reply/?parent={parent.pk}")

    assert "<h1>Reply to Bea</h1>" in page
    assert '<blockquote class="quoted"><p>Quoted text.</p>' in page
    assert f'<input type="hidden" name="parent" value="{parent.pk}">' in page


def test_reply_page_sends_anonymous_to_log_in(client: Client, topic: Topic) -> None:
    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Post.objects.exists()


def test_reply_page_shows_field_errors_with_400_on_an_empty_body(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_shows_the_services_length_message_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "  x  "})

    assert response.status_code == 400
    assert "Write at least 2 characters." in response.content.decode()


def test_reply_page_shows_why_a_parent_cannot_be_answered_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    """The reader's own held comment: they see it, but it cannot be answered yet."""
    parent = post_status_set(post=comment(topic, author=reader), status=Post.Status.PENDING)
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": str(parent.pk), "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "That comment can no longer be replied to." in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_page_refuses_a_parent_hidden_from_the_reader_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    parent = post_status_set(
        post=comment(topic, body="Removed for rudeness."), status=Post.Status.REMOVED
    )
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": str(parent.pk), "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "Removed for rudeness." not in response.content.decode()
    assert Post.objects.count() == 1


def test_reply_page_refuses_an_unknown_parent_with_400(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"parent": "999999", "body": "Hello there"}
    )

    assert response.status_code == 400
    assert "That comment does not exist." in response.content.decode()


def test_reply_page_refuses_a_closed_topic_with_a_403_page(
    client: Client, topic: Topic, reader: User, moderator: User
) -> None:
    topic_close(topic=topic, moderator=moderator, closed=True)
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 403
    assert "This discussion is closed to new comments." in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_refuses_an_unverified_user_with_a_403_page(
    client: Client, topic: Topic, unverified_user: User
) -> None:
    client.force_login(unverified_user)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Hello there"})

    assert response.status_code == 403
    assert "Verify your email address to post" in response.content.decode()
    assert not Post.objects.exists()


def test_reply_page_answers_429_with_retry_after_when_posting_too_fast(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    client.force_login(reader)
    client.post(f"/forum/t/{topic.pk}/reply/", {"body": "First."})

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Second."})

    assert response.status_code == 429
    assert 55 <= int(response["Retry-After"]) <= 60
    assert "You are posting too quickly." in response.content.decode()
    assert Post.objects.count() == 1


# --- Sorting and paging ---------------------------------------------------------------------


@pytest.fixture
def three_threads(topic: Topic) -> dict[str, Post]:
    """An old thread with one like, a middle one with three, a new one with none."""
    now = timezone.now()
    posts = {}
    for name, hours_ago, likes in (("old", 3, 1), ("middle", 2, 3), ("new", 1, 0)):
        post = comment(topic, body=f"The {name} thread.")
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(hours=hours_ago))
        for _ in range(likes):
            reaction_add(post=post, user=ReaderFactory())
        posts[name] = post
    return posts


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["old", "middle", "new"]),
        ("oldest", ["old", "middle", "new"]),
        ("newest", ["new", "middle", "old"]),
        ("top", ["middle", "old", "new"]),
        ("nonsense", ["old", "middle", "new"]),
    ],
)
def test_article_page_sorts_top_level_threads(
    client: Client,
    article_url: str,
    three_threads: dict[str, Post],
    sort: str,
    expected: list[str],
) -> None:
    page = _get(client, f"{article_url}?sort={sort}")

    order = _thread_order(page, list(three_threads.values()))
    assert order == [three_threads[name] for name in expected]


def test_sorting_keeps_replies_under_their_thread_oldest_first(
    client: Client, article_url: str, three_threads: dict[str, Post]
) -> None:
    old = three_threads["old"]
    first = comment(old.topic, reply_to=old)
    second = comment(old.topic, reply_to=old)

    page = _get(client, f"{article_url}?sort=newest")

    assert _thread_order(page, [old, first, second, three_threads["new"]]) == [
        three_threads["new"],
        old,
        first,
        second,
    ]


def test_sort_links_mark_the_current_sort(
    client: Client, article_url: str, three_threads: dict[str, Post]
) -> None:
    page = _get(client, f"{article_url}?sort=top")

    assert '<a href="?sort=top#comments" aria-current="true">Top</a>' in page
    assert '<a href="?sort=oldest#comments">Oldest</a>' in page


def test_article_page_offers_load_more_past_a_page_of_threads(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(3)]

    page = _get(client, article_url)

    assert "Thread 0." in page
    assert "Thread 1." in page
    assert "Thread 2." not in page
    assert '<a href="?sort=oldest&amp;offset=2#comments"' in page
    assert f'hx-get="/forum/t/{topic.pk}/threads/?sort=oldest&amp;offset=2"' in page
    assert "Load more comments</a>" in page
    assert f'id="comment-{posts[2].pk}"' not in page


def test_article_page_without_more_threads_offers_no_load_more(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    comment(topic)
    comment(topic)

    assert "Load more comments" not in _get(client, article_url)


def test_load_more_link_works_without_javascript(
    client: Client, article_url: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    for n in range(3):
        comment(topic, body=f"Thread {n}.")

    page = _get(client, f"{article_url}?sort=oldest&offset=2")

    assert "Thread 2." in page
    assert "Thread 0." not in page


def test_threads_fragment_returns_the_next_page(
    client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    posts = [comment(topic, body=f"Thread {n}.") for n in range(5)]
    reply = comment(topic, reply_to=posts[2], body="Reply on page two.")

    fragment = _get(client, f"/forum/t/{topic.pk}/threads/?sort=oldest&offset=2")

    assert "<html" not in fragment
    assert "Thread 2." in fragment
    assert "Thread 3." in fragment
    assert f'id="comment-{reply.pk}"' in fragment
    assert "Thread 0." not in fragment
    assert "Thread 4." not in fragment
    assert f'hx-get="/forum/t/{topic.pk}/threads/?sort=oldest&amp;offset=4"' in fragment


def test_threads_fragment_follows_the_sort(
    client: Client, topic: Topic, settings: Settings, three_threads: dict[str, Post]
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 1

    fragment = _get(client, f"/forum/t/{topic.pk}/threads/?sort=newest&offset=1")

    assert "The middle thread." in fragment
    assert "The new thread." not in fragment
    assert "The old thread." not in fragment


# --- Live updates ---------------------------------------------------------------------------


def test_article_page_polls_for_new_replies_after_the_newest_post(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)
    newest = comment(topic)

    page = _get(client, article_url)

    assert f'hx-get="/forum/t/{topic.pk}/new/?after={newest.pk}&amp;sort=oldest"' in page
    assert 'hx-trigger="every 20s"' in page
    assert "Loading new replies..." in page


def test_new_since_places_each_reply_into_its_parents_replies(client: Client, topic: Topic) -> None:
    root = comment(topic)
    seen = comment(topic)
    reply = comment(topic, reply_to=root, body="Fresh reply.")
    top = comment(topic, body="Fresh thread.")

    fragment = _get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}")

    assert f'<ol hx-swap-oob="beforeend:#replies-{root.pk}">' in fragment
    assert '<ol hx-swap-oob="beforeend:#replies-root">' in fragment
    assert fragment.index("Fresh reply.") < fragment.index("Fresh thread.")
    assert f'id="comment-{reply.pk}"' in fragment
    assert f'id="comment-{top.pk}"' in fragment
    assert f'id="comment-{seen.pk}"' not in fragment
    assert f'id="comment-{root.pk}"' not in fragment


def test_new_since_puts_new_threads_first_when_sorted_newest(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    comment(topic)

    fragment = _get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}&sort=newest")

    assert '<ol hx-swap-oob="afterbegin:#replies-root">' in fragment


def test_new_since_renews_the_poller_with_the_advanced_cursor(client: Client, topic: Topic) -> None:
    seen = comment(topic)
    comment(topic)
    last = comment(topic)

    fragment = _get(client, f"/forum/t/{topic.pk}/new/?after={seen.pk}")

    assert f'hx-get="/forum/t/{topic.pk}/new/?after={last.pk}&amp;sort=oldest"' in fragment
    assert 'hx-swap="outerHTML"' in fragment


def test_new_since_with_nothing_new_keeps_the_cursor(client: Client, topic: Topic) -> None:
    last = comment(topic)

    fragment = _get(client, f"/forum/t/{topic.pk}/new/?after={last.pk}")

    assert "hx-swap-oob" not in fragment
    assert f'hx-get="/forum/t/{topic.pk}/new/?after={last.pk}&amp;sort=oldest"' in fragment


# --- The way to the forum -------------------------------------------------------------------


def test_article_page_links_to_the_full_discussion(
    client: Client, article_url: str, topic: Topic
) -> None:
    page = _get(client, article_url)

    assert f'<a href="{topic.get_absolute_url()}">{TOPIC_LINK_TEXT}</a>' in page
    assert _get(client, topic.get_absolute_url()).count(TOPIC_LINK_TEXT) == 1


def test_topic_page_of_an_article_shows_the_same_comments(client: Client, topic: Topic) -> None:
    root = comment(topic, body="Shown in both places.")

    page = _get(client, topic.get_absolute_url())

    assert "Shown in both places." in page
    assert f'id="comment-{root.pk}"' in page
    assert '<h2 id="comments-title">1 Comment</h2>' in page


# --- Who sees the form ----------------------------------------------------------------------


def test_article_with_comments_off_shows_comments_but_no_form(client: Client) -> None:
    article = ArticleFactory()
    root = comment(article.discussion, body="Said before closing.")
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    client.force_login(ReaderFactory())

    page = _get(client, article.get_absolute_url())

    assert '<h2 id="comments-title">1 Comment</h2>' in page
    assert "Said before closing." in page
    assert '<p class="refusal">Comments are closed on this article.</p>' in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in _card(page, root)


def test_closed_topic_shows_comments_but_no_form(
    client: Client, article_url: str, topic: Topic, moderator: User
) -> None:
    comment(topic, body="Said before closing.")
    topic_close(topic=topic, moderator=moderator, closed=True)
    client.force_login(ReaderFactory())

    page = _get(client, article_url)

    assert "Said before closing." in page
    assert "This discussion is closed to new comments." in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_anonymous_visitor_is_invited_to_log_in_instead_of_the_form(
    client: Client, article_url: str, topic: Topic
) -> None:
    comment(topic)

    page = _get(client, article_url)

    assert "Log in to take part in the discussion." in page
    assert f'href="/accounts/login/?next={article_url}">Log in</a>' in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_unverified_user_sees_why_instead_of_the_form(
    client: Client, article_url: str, topic: Topic, unverified_user: User
) -> None:
    comment(topic)
    client.force_login(unverified_user)

    page = _get(client, article_url)

    assert (
        "Verify your email address to post: follow the link we sent to "
        f"{unverified_user.email}." in page
    )
    assert "Resend the verification mail</a>" in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_suspended_reader_sees_why_instead_of_the_form(
    client: Client, article_url: str, topic: Topic, suspended_reader: User
) -> None:
    comment(topic)
    client.force_login(suspended_reader)

    page = _get(client, article_url)

    assert "Your account is suspended until" in page
    assert "Reason: Cooling off." in page
    assert 'class="comment-form"' not in page
    assert 'class="reply-link"' not in page


def test_verified_reader_sees_the_form(client: Client, article_url: str, reader: User) -> None:
    client.force_login(reader)

    page = _get(client, article_url)

    assert 'class="comment-form"' in page
    assert 'class="refusal"' not in page


# --- The forum pages ------------------------------------------------------------------------


def test_forum_index_lists_the_categories(client: Client) -> None:
    CategoryFactory(name="Mining", slug="mining", description="Pits and permits.", position=1)
    CategoryFactory(name="Magnets", slug="magnets", position=2)

    page = _get(client, "/forum/")

    assert '<a href="/forum/c/mining/">Mining</a>' in page
    assert "Pits and permits." in page
    assert page.index("Mining") < page.index("Magnets")


def _forum_topic(category: Category, title: str, *, replies: int, hours_ago: float) -> Topic:
    topic = topic_create(
        category=category, author=ReaderFactory(), title=title, body="Opening words."
    )
    for _ in range(replies):
        comment(topic)
    Topic.objects.filter(pk=topic.pk).update(
        last_activity_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return topic


def test_category_lists_topics_by_latest_activity_pinned_first(client: Client) -> None:
    category = CategoryFactory(slug="market")
    stale = _forum_topic(category, "Stale topic", replies=0, hours_ago=30)
    busy = _forum_topic(category, "Busy topic", replies=0, hours_ago=1)
    pinned = _forum_topic(category, "Pinned topic", replies=0, hours_ago=50)
    Topic.objects.filter(pk=pinned.pk).update(is_pinned=True)

    page = _get(client, "/forum/c/market/")

    positions = [page.index(t.title) for t in (pinned, busy, stale)]
    assert positions == sorted(positions)
    assert '<span class="badge">Pinned</span>' in page


def test_category_shows_each_topics_reply_count(client: Client) -> None:
    category = CategoryFactory(slug="market")
    _forum_topic(category, "Two replies here", replies=2, hours_ago=1)
    _forum_topic(category, "Nobody answered", replies=0, hours_ago=2)

    page = _get(client, "/forum/c/market/")

    rows = re.findall(r'<td><a href="[^"]+">([^<]+)</a>.*?</td>\s*<td>(\d+)</td>', page, re.S)
    assert rows == [("Two replies here", "2"), ("Nobody answered", "0")]


def test_verified_reader_starts_a_topic_in_an_open_category(client: Client, reader: User) -> None:
    CategoryFactory(slug="market", is_open=True)
    client.force_login(reader)
    assert 'href="/forum/c/market/new/"' in _get(client, "/forum/c/market/")

    response = client.post(
        "/forum/c/market/new/", {"title": "Where are prices going?", "body": "My **view**."}
    )

    topic = Topic.objects.get(title="Where are prices going?")
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    page = _get(client, topic.get_absolute_url())
    assert "<h1>Where are prices going?" in page
    assert '<div class="comment-text"><p>My <strong>view</strong>.</p>' in page
    assert f'<a class="author" href="{reader.get_absolute_url()}">' in page


def test_topic_new_refused_for_posting_too_fast_keeps_what_was_typed(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    """Before, the refusal was a page of its own and the title and text typed were lost."""
    settings.FORUM_POST_RATE = (1, 60)
    CategoryFactory(slug="market", is_open=True)
    comment(topic, author=reader)
    client.force_login(reader)

    response = client.post(
        "/forum/c/market/new/", {"title": "My careful title", "body": "My careful opening"}
    )

    assert response.status_code == 429
    assert 55 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "You are posting too quickly." in page
    assert "My careful title" in page
    assert "My careful opening" in page
    assert not Topic.objects.filter(title="My careful title").exists()


def test_new_topic_page_counts_no_comments_and_says_no_replies_yet(
    client: Client, reader: User
) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="A fresh topic", body="Opening words."
    )

    page = _get(client, topic.get_absolute_url())

    topic.refresh_from_db()
    assert topic.post_count == 0
    assert '<h2 id="comments-title">0 Comments</h2>' in page
    assert "No replies yet" in page


def test_opening_post_is_not_repeated_among_the_replies(client: Client, reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="A fresh topic", body="Opening words."
    )
    comment(topic, body="First reply.")

    page = _get(client, topic.get_absolute_url())

    assert page.count("Opening words.") == 1
    assert f'id="comment-{topic.opening_post_id}"' not in page


def test_reader_is_refused_a_topic_in_a_closed_category(client: Client, reader: User) -> None:
    CategoryFactory(slug="announcements", is_open=False)
    client.force_login(reader)

    listing = _get(client, "/forum/c/announcements/")
    response = client.post(
        "/forum/c/announcements/new/", {"title": "Let me announce", "body": "Something."}
    )

    assert "/forum/c/announcements/new/" not in listing
    assert response.status_code == 403
    assert "Only moderators start topics in this category." in response.content.decode()
    assert not Topic.objects.filter(title="Let me announce").exists()


def test_unverified_user_is_refused_a_topic(client: Client, unverified_user: User) -> None:
    CategoryFactory(slug="market")
    client.force_login(unverified_user)

    response = client.post("/forum/c/market/new/", {"title": "Hello all", "body": "Hi."})

    assert response.status_code == 403
    assert not Topic.objects.filter(title="Hello all").exists()


def test_moderator_starts_a_topic_in_a_closed_category(client: Client, moderator: User) -> None:
    CategoryFactory(slug="announcements", is_open=False)
    client.force_login(moderator)
    assert 'href="/forum/c/announcements/new/"' in _get(client, "/forum/c/announcements/")

    response = client.post(
        "/forum/c/announcements/new/", {"title": "House rules", "body": "Be kind."}
    )

    topic = Topic.objects.get(title="House rules")
    assert response["Location"] == topic.get_absolute_url()
    assert topic.opening_post.author == moderator


def test_new_topic_form_shows_errors_with_400(client: Client, reader: User) -> None:
    CategoryFactory(slug="market")
    client.force_login(reader)

    response = client.post("/forum/c/market/new/", {"title": "Hi", "body": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Topic.objects.filter(category__slug="market").exists()


def test_reply_in_a_forum_topic_lands_on_the_topic_page(client: Client, reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="A fresh topic", body="Hi."
    )
    client.force_login(reader)

    posted = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "A reply on the forum."})
    post = Post.objects.get(author=reader)
    landed = client.get(posted["Location"])

    assert landed["Location"] == f"{topic.get_absolute_url()}#comment-{post.pk}"
    assert "A reply on the forum." in _get(client, landed["Location"])


def test_reply_page_refuses_a_filled_honeypot_and_writes_nothing(
    client: Client, topic: Topic, reader: User
) -> None:
    client.force_login(reader)

    response = client.post(
        f"/forum/t/{topic.pk}/reply/", {"body": "Buy cheap magnets now", "website": "x.example"}
    )

    assert response.status_code == 400
    assert "This could not be posted." in response.content.decode()
    assert not Post.objects.filter(topic=topic).exists()


def test_comment_forms_carry_a_hidden_honeypot(client: Client, topic: Topic, reader: User) -> None:
    comment(topic)
    client.force_login(reader)

    page = client.get(topic.comments_url).content.decode()
    reply_form = client.get(f"/forum/t/{topic.pk}/reply/?parent={topic.posts.get().pk}")

    assert page.count('name="website"') == 1  # the new comment form: replies load theirs
    assert 'class="hp" aria-hidden="true"' in page
    assert reply_form.content.decode().count('name="website"') == 1


def test_permalink_shows_the_thread_alone_when_it_is_past_the_first_page(
    client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_THREADS_PER_PAGE = 2
    first, _, third = (comment(topic) for _ in range(3))

    response = client.get(f"/forum/p/{third.pk}/")
    page = _get(client, response["Location"].split("#")[0])

    assert response["Location"] == f"{topic.comments_url}?thread={third.pk}#comment-{third.pk}"
    assert "Showing one conversation." in page
    assert f'id="comment-{first.pk}"' not in page


def test_reply_refused_for_posting_too_fast_keeps_what_was_typed(
    client: Client, topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (1, 60)
    comment(topic, author=reader)
    client.force_login(reader)

    response = client.post(f"/forum/t/{topic.pk}/reply/", {"body": "My careful second thought"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "You are posting too quickly." in page
    assert "My careful second thought" in page
