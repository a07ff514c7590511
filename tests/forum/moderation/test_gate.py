"""The rules every post passes on its way in, through post_create and post_edit: refused,
held for a moderator, or shown. Each rule has its own test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Category, HoldCode, Post, PostRevision, Topic
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.gate import RefusalCode, author_history
from forum.moderation.models import ModerationLogEntry, WordRule
from forum.moderation.services.decisions import post_approve
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

LINKS = "See https://a.example, https://b.example and www.c.example for prices."


@pytest.fixture
def banned_word(db: None) -> WordRule:
    return WordRule.objects.create(phrase="scamcoin", kind=WordRule.Kind.BANNED)


@pytest.fixture
def suspect_word(db: None) -> WordRule:
    return WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)


def with_standing(settings: Settings) -> User:
    """A reader with the trust level that posts links (member): enough approved posts
    (elsewhere), days since joining and days with visits."""
    needs = settings.FORUM_TRUST_LEVELS[settings.FORUM_TRUST_LEVEL_LINKS]
    author = ReaderFactory(
        date_joined=timezone.now() - timedelta(days=needs["account_days"]),
        visit_days=needs["visit_days"],
    )
    elsewhere = ArticleFactory().discussion
    for _ in range(needs["approved_posts"]):
        comment(elsewhere, author=author)
    return author


def premoderated(topic: Topic, *, where: str) -> Topic:
    """`topic` read again after turning on pre-moderation of the topic or its category."""
    if where == "topic":
        Topic.objects.filter(pk=topic.pk).update(premoderate=True)
    elif where == "category":
        Category.objects.filter(pk=topic.category_id).update(premoderate=True)
    return Topic.objects.select_related("category", "article").get(pk=topic.pk)


def refresh(*objects: Post | Topic) -> None:
    for obj in objects:
        obj.refresh_from_db()


# Refused outright


def test_post_create_refuses_a_banned_word_and_writes_nothing(
    topic: Topic, reader: User, banned_word: WordRule
) -> None:
    with pytest.raises(ValidationError) as refusal:
        post_create(topic=topic, author=reader, body="Buy ScamCoin before it moons.")

    assert refusal.value.message_dict == {
        "body": ["Your comment contains words that are not allowed here: scamcoin."]
    }
    assert [error.code for error in refusal.value.error_dict["body"]] == [RefusalCode.BANNED_WORD]
    assert not Post.objects.exists()
    assert not ModerationLogEntry.objects.exists()
    topic.refresh_from_db()
    assert topic.post_count == 0


def test_post_create_refuses_a_banned_word_however_it_is_disguised(
    topic: Topic, reader: User, banned_word: WordRule
) -> None:
    with pytest.raises(ValidationError):
        post_create(topic=topic, author=reader, body="Buy SCAAMCÓ\u200bIN now.")

    assert not Post.objects.exists()


def test_post_create_shows_a_post_where_the_banned_word_is_part_of_another(
    topic: Topic, reader: User, banned_word: WordRule
) -> None:
    post = post_create(topic=topic, author=reader, body="The scamcoins thread is elsewhere.")

    assert post.status == Post.Status.VISIBLE


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("Buy 5c4mc01n now.", id="l33t"),
        pytest.param("Buy s c a m c o i n now.", id="spaced-letters"),
        pytest.param("Buy **scam**coin now.", id="markdown"),
        pytest.param("Buy \u0455\u0441\u0430m\u0441\u043e\u0456n now.", id="cyrillic"),
    ],
)
def test_post_create_refuses_a_banned_word_dodged_the_ways_moderators_found(
    topic: Topic, reader: User, banned_word: WordRule, body: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        post_create(topic=topic, author=reader, body=body)

    assert [error.code for error in refusal.value.error_dict["body"]] == [RefusalCode.BANNED_WORD]
    assert not Post.objects.exists()


def test_post_create_refuses_the_same_body_twice_within_the_duplicate_window(
    topic: Topic, reader: User
) -> None:
    post_create(topic=topic, author=reader, body="Neodymium is up again.")

    with pytest.raises(ValidationError) as refusal:
        post_create(topic=topic, author=reader, body="Neodymium is up again.")

    assert refusal.value.message_dict == {"body": ["You posted this same comment a moment ago."]}
    assert [error.code for error in refusal.value.error_dict["body"]] == [RefusalCode.REPEATED]
    assert Post.objects.count() == 1
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_post_create_allows_the_same_body_again_after_the_duplicate_window(
    topic: Topic, reader: User, settings: Settings
) -> None:
    first = post_create(topic=topic, author=reader, body="Neodymium is up again.")
    Post.objects.filter(pk=first.pk).update(
        created_at=timezone.now()
        - timedelta(minutes=settings.FORUM_DUPLICATE_WINDOW_MINUTES, seconds=1)
    )

    again = post_create(topic=topic, author=reader, body="Neodymium is up again.")

    assert again.status == Post.Status.VISIBLE


def test_post_create_allows_the_same_body_from_another_author(topic: Topic, reader: User) -> None:
    post_create(topic=topic, author=reader, body="Neodymium is up again.")

    other = post_create(topic=topic, author=ReaderFactory(), body="Neodymium is up again.")

    assert other.status == Post.Status.VISIBLE


# Held for a moderator


def test_post_create_holds_a_suspect_word_with_the_reason(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    post = post_create(topic=topic, author=reader, body="Time to PUUUMP this stock.")

    assert post.status == Post.Status.PENDING
    assert post.held_reason == "Contains words on the watch list: pump."
    assert post.held_at is not None


def test_post_create_shows_a_post_with_a_shorter_word_than_a_suspect_one_with_double_letters(
    topic: Topic, reader: User
) -> None:
    WordRule.objects.create(phrase="ass", kind=WordRule.Kind.SUSPECT)

    post = post_create(topic=topic, author=reader, body="As an analyst, I see it as a buy.")

    assert post.status == Post.Status.VISIBLE


def test_post_create_holds_a_first_post_when_first_posts_are_premoderated(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1

    post = comment(topic, author=reader)

    assert post.status == Post.Status.PENDING
    assert post.held_reason == "A first post: the author has 0 approved posts."


def test_post_create_holds_the_second_post_while_the_first_awaits_approval(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    comment(topic, author=reader)

    assert comment(topic, author=reader).status == Post.Status.PENDING


def test_post_create_shows_the_next_post_once_the_first_is_approved(
    topic: Topic, reader: User, moderator: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    first = comment(topic, author=reader)
    post_approve(post=first, moderator=moderator)

    second = comment(topic, author=reader)

    assert second.status == Post.Status.VISIBLE
    assert second.held_reason == ""


def test_post_create_holds_every_post_when_the_topic_premoderates(
    topic: Topic, settings: Settings
) -> None:
    author = with_standing(settings)
    topic = premoderated(topic, where="topic")

    post = comment(topic, author=author)

    assert post.status == Post.Status.PENDING
    assert post.held_reason == "Every post in this discussion is reviewed."


def test_post_create_holds_every_post_when_the_category_premoderates(
    topic: Topic, settings: Settings
) -> None:
    author = with_standing(settings)
    topic = premoderated(topic, where="category")

    post = comment(topic, author=author)

    assert post.status == Post.Status.PENDING
    assert post.held_reason == "Every post in this discussion is reviewed."


def test_post_create_holds_too_many_links_from_an_author_without_standing(
    topic: Topic, reader: User, settings: Settings
) -> None:
    assert LINKS.count(".example") > settings.FORUM_MAX_LINKS_WITHOUT_STANDING

    post = post_create(topic=topic, author=reader, body=LINKS)

    assert post.status == Post.Status.PENDING
    assert post.held_reason == "3 links from an author with 0 approved posts."


def test_post_create_holds_links_saying_how_many_posts_were_approved_in_good_english(
    topic: Topic, reader: User
) -> None:
    comment(topic, author=reader)

    post = post_create(topic=topic, author=reader, body=LINKS)

    assert post.held_reason == "3 links from an author with 1 approved post."


def test_post_create_shows_links_up_to_the_limit_from_an_author_without_standing(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_MAX_LINKS_WITHOUT_STANDING = 3

    post = post_create(topic=topic, author=reader, body=LINKS)

    assert post.status == Post.Status.VISIBLE


def test_post_create_shows_many_links_from_an_author_with_standing(
    topic: Topic, settings: Settings
) -> None:
    author = with_standing(settings)

    post = post_create(topic=topic, author=author, body=LINKS)

    assert post.status == Post.Status.VISIBLE


def test_post_create_does_not_count_a_held_post_in_the_topic_or_its_parent(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    parent = comment(topic)
    refresh(topic, parent)
    assert (topic.post_count, parent.reply_count) == (1, 0)

    reply = post_create(topic=topic, author=reader, body="Pump it.", reply_to=parent)

    assert reply.status == Post.Status.PENDING
    refresh(topic, parent)
    assert (topic.post_count, parent.reply_count) == (1, 0)


_HOLDS = {
    "suspect-word": "Time to pump.",
    "first-post": "Hello everyone.",
    "links": LINKS,
    "topic-premoderated": "Hello everyone.",
    "category-premoderated": "Hello everyone.",
}
_HOLD_CODES = {
    "suspect-word": HoldCode.SUSPECT_WORD,
    "first-post": HoldCode.FIRST_POST,
    "links": HoldCode.MANY_LINKS,
    "topic-premoderated": HoldCode.PREMODERATED,
    "category-premoderated": HoldCode.PREMODERATED,
}


@pytest.mark.parametrize("rule", list(_HOLDS))
def test_post_create_logs_every_hold_with_its_reason(
    rule: str, topic: Topic, reader: User, suspect_word: WordRule, settings: Settings
) -> None:
    if rule == "first-post":
        settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    if rule.endswith("-premoderated"):
        topic = premoderated(topic, where=rule.removesuffix("-premoderated"))

    post = post_create(topic=topic, author=reader, body=_HOLDS[rule])

    assert post.status == Post.Status.PENDING
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationLogEntry.Action.HOLD
    assert (entry.post, entry.topic, entry.subject_user, entry.actor) == (
        post,
        topic,
        reader,
        None,
    )
    assert entry.reason == post.held_reason != ""


@pytest.mark.parametrize("rule", list(_HOLDS))
def test_post_create_stores_the_code_of_the_rule_that_held_it_with_the_post_and_the_log(
    rule: str, topic: Topic, reader: User, suspect_word: WordRule, settings: Settings
) -> None:
    if rule == "first-post":
        settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    if rule.endswith("-premoderated"):
        topic = premoderated(topic, where=rule.removesuffix("-premoderated"))

    post = post_create(topic=topic, author=reader, body=_HOLDS[rule])

    post.refresh_from_db()
    assert post.held_code == _HOLD_CODES[rule]
    assert ModerationLogEntry.objects.get().held_code == _HOLD_CODES[rule]


def test_post_create_holds_by_the_first_rule_that_applies(
    topic: Topic, reader: User, suspect_word: WordRule, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    topic = premoderated(topic, where="topic")

    post = post_create(topic=topic, author=reader, body=f"Pump. {LINKS}")

    assert (post.held_code, post.held_reason) == (
        HoldCode.PREMODERATED,
        "Every post in this discussion is reviewed.",
    )


def test_post_create_stores_no_code_for_a_post_shown_at_once(topic: Topic, reader: User) -> None:
    post = comment(topic, author=reader)

    post.refresh_from_db()
    assert (post.status, post.held_code, post.held_reason) == (Post.Status.VISIBLE, "", "")


def test_post_create_logs_nothing_for_a_post_shown_at_once(topic: Topic, reader: User) -> None:
    comment(topic, author=reader)

    assert not ModerationLogEntry.objects.exists()


# Moderators


_BYPASSED = ["banned-word", "suspect-word", "first-post", "links", "topic", "category", "duplicate"]


@pytest.mark.parametrize("rule", _BYPASSED)
def test_post_create_lets_a_moderator_bypass_the_rule(
    rule: str,
    topic: Topic,
    moderator: User,
    banned_word: WordRule,
    suspect_word: WordRule,
    settings: Settings,
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    body = {"banned-word": "Scamcoin is a scam.", "suspect-word": "Pump.", "links": LINKS}.get(
        rule, "A word from the moderators."
    )
    topic = premoderated(topic, where=rule)
    if rule == "duplicate":
        post_create(topic=topic, author=moderator, body=body)

    post = post_create(topic=topic, author=moderator, body=body)

    assert post.status == Post.Status.VISIBLE
    assert post.held_reason == ""
    assert not ModerationLogEntry.objects.exists()


# Edits


def test_post_edit_adding_a_suspect_word_sends_a_visible_post_back_to_pending(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    parent = comment(topic)
    reply = comment(topic, author=reader, reply_to=parent)
    refresh(topic, parent)
    assert (topic.post_count, parent.reply_count) == (2, 1)

    edited = post_edit(post=reply, editor=reader, body="Actually: pump it.")

    assert edited.status == Post.Status.PENDING
    assert edited.held_reason == "Edited: Contains words on the watch list: pump."
    assert edited.held_code == HoldCode.SUSPECT_WORD
    assert edited.held_at is not None
    refresh(topic, parent)
    assert (topic.post_count, parent.reply_count) == (1, 0)


def test_post_edit_that_holds_a_post_logs_a_hold(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    post = comment(topic, author=reader)

    post_edit(post=post, editor=reader, body="Actually: pump it.")

    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationLogEntry.Action.HOLD
    assert (entry.post, entry.subject_user, entry.actor) == (post, reader, None)
    assert (entry.from_state, entry.to_state) == (Post.Status.VISIBLE, Post.Status.PENDING)
    assert entry.reason == "Edited: Contains words on the watch list: pump."
    assert entry.held_code == HoldCode.SUSPECT_WORD


def test_post_edit_adding_many_links_holds_a_post_by_an_author_without_standing(
    topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader)

    edited = post_edit(post=post, editor=reader, body=LINKS)

    assert edited.status == Post.Status.PENDING
    assert edited.held_reason.startswith("Edited: 3 links from an author with 1 approved")
    edited.refresh_from_db()
    assert edited.held_code == HoldCode.MANY_LINKS


def test_post_edit_adding_many_links_keeps_a_post_by_an_author_with_standing_visible(
    topic: Topic, settings: Settings
) -> None:
    author = with_standing(settings)
    post = comment(topic, author=author)

    assert post_edit(post=post, editor=author, body=LINKS).status == Post.Status.VISIBLE


def test_post_edit_refuses_a_banned_word_and_keeps_the_old_body(
    topic: Topic, reader: User, banned_word: WordRule
) -> None:
    post = comment(topic, author=reader, body="Prices held steady.")

    with pytest.raises(ValidationError):
        post_edit(post=post, editor=reader, body="Buy scamcoin.")

    post.refresh_from_db()
    assert (post.body, post.status) == ("Prices held steady.", Post.Status.VISIBLE)
    assert not PostRevision.objects.exists()


def test_post_edit_by_a_moderator_adding_a_suspect_word_keeps_the_post_visible(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    post = comment(topic, author=reader)

    edited = post_edit(post=post, editor=ModeratorFactory(), body="Edited: no pump talk.")

    assert edited.status == Post.Status.VISIBLE
    # Logged as the moderator's edit, not held.
    assert list(ModerationLogEntry.objects.values_list("action", flat=True)) == ["edit"]


def test_post_edit_of_a_held_post_keeps_it_held_without_a_second_hold(
    topic: Topic, reader: User, suspect_word: WordRule
) -> None:
    post = post_create(topic=topic, author=reader, body="Pump it.")

    edited = post_edit(post=post, editor=reader, body="Pump it, really.")

    assert edited.status == Post.Status.PENDING
    assert ModerationLogEntry.objects.count() == 1


# What the rules read of the author's posts, in one statement


def test_author_history_counts_the_visible_posts_as_approved(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (100, 60)
    for _ in range(3):
        comment(topic, author=reader)
    held = comment(topic, author=reader)
    Post.objects.filter(pk=held.pk).update(status=Post.Status.PENDING)

    assert author_history(author=reader, body="New.").approved == 3


def test_author_history_finds_a_repeat_but_not_in_the_post_being_edited(
    topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="Neodymium is up again.")

    assert author_history(author=reader, body="Neodymium is up again.").repeated
    assert not author_history(author=reader, body="Neodymium is up again.", post=post).repeated
    assert not author_history(author=reader, body="Something else.").repeated


def test_author_history_reaches_the_rate_at_the_oldest_post_of_the_window(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_POST_RATE = (2, 60)
    first = comment(topic, author=reader)

    assert author_history(author=reader, body="New.").rate_reached_at is None
    comment(topic, author=reader)
    first.refresh_from_db()
    assert author_history(author=reader, body="New.").rate_reached_at == first.created_at
