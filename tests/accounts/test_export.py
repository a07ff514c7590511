"""Exporting an account's data: what it holds, and how it is downloaded."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import (
    Delivery,
    NotificationKind,
    NotificationPreference,
    User,
)
from accounts.services.export import account_export, export_section_register, profile_export
from forum.discussions.models import Post, Reaction
from forum.discussions.services.posting import post_delete, post_edit
from forum.moderation.models import AccountStateChange, Report
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory, comment

pytestmark = pytest.mark.django_db

JOINED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
LAST_LOGIN = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


@pytest.fixture
def person() -> User:
    user = UserFactory(
        username="ann_r",
        email="ann@example.com",
        display_name="Ann R.",
        bio="Magnets, mostly.",
        date_joined=JOINED,
        last_login=LAST_LOGIN,
        visit_days=12,
    )
    EmailAddress.objects.create(user=user, email="ann@example.com", verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="ann@work.example.com", verified=False)
    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.MENTION, delivery=Delivery.OFF
    )
    AccountStateChange.objects.create(
        user=user,
        from_state=User.State.ACTIVE,
        to_state=User.State.SUSPENDED,
        until=datetime(2025, 2, 1, tzinfo=UTC),
        reason="Insults.",
        changed_by=ModeratorFactory(),
        created_at=datetime(2025, 1, 25, tzinfo=UTC),
    )
    return user


@pytest.fixture
def person_client(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_account_export_holds_the_profile_preferences_and_state_history(person: User) -> None:
    data = account_export(user=person)

    assert data == {
        "profile": {
            "handle": "ann_r",
            "display_name": "Ann R.",
            "bio": "Magnets, mostly.",
            "first_name": "",
            "last_name": "",
            "avatar": None,
            "email": "ann@example.com",
            "email_addresses": [
                {"email": "ann@example.com", "verified": True, "primary": True},
                {"email": "ann@work.example.com", "verified": False, "primary": False},
            ],
            "date_joined": "2024-01-02T03:04:05+00:00",
            "last_login": "2025-06-07T08:09:10+00:00",
            "state": "active",
            "suspended_until": None,
            "state_reason": "",
            "visit_days": 12,
            "last_visit_on": timezone.localdate().isoformat(),  # seen today
        },
        "notification_preferences": {
            "reply": "email",
            "mention": "off",
            "watched_topic": "digest",
            "moderation_outcome": "email",
            "article_corrected": "email",
            "moderation_queue": "digest",
            "moderation_reported": "email",
            "moderation_reminder": "email",
            "moderation_alert": "email",
        },
        "account_state_history": [
            {
                "from_state": "active",
                "to_state": "suspended",
                "until": "2025-02-01T00:00:00+00:00",
                "reason": "Insults.",
                "created_at": "2025-01-25T00:00:00+00:00",
            }
        ],
        "posts": [],
        "likes": [],
        "reports": [],
        "rejection_reasons": [],
        "topic_subscriptions": [],
        "notifications": [],
    }
    assert json.loads(json.dumps(data)) == data


def test_account_export_sections_come_from_each_app_in_order(person: User) -> None:
    """Accounts' own first, then each app's, in INSTALLED_APPS order."""
    assert list(account_export(user=person)) == [
        "profile",
        "notification_preferences",
        "posts",
        "likes",
        "account_state_history",
        "reports",
        "rejection_reasons",
        "topic_subscriptions",
        "notifications",
    ]


def test_export_section_register_refuses_a_second_section_under_one_key() -> None:
    with pytest.raises(ImproperlyConfigured, match="'posts'"):
        export_section_register("posts", lambda user: [])


def test_export_section_register_takes_the_same_section_again() -> None:
    """An app's ready() run twice (as some test runners do) changes nothing."""
    export_section_register("profile", profile_export)

    assert list(account_export(user=UserFactory())).count("profile") == 1


def test_account_export_holds_every_post_with_its_earlier_versions(person: User) -> None:
    topic = ArticleFactory(title="Baotou plans").discussion
    first = comment(topic, author=person, body="First thoughts.")
    post_edit(post=first, editor=person, body="Second thoughts.")
    reply = comment(topic, author=person, body="And a reply.", reply_to=first)
    post_delete(post=reply, by=person)

    posts = account_export(user=person)["posts"]

    assert [(p["body"], p["status"], p["in_reply_to"]) for p in posts] == [
        ("Second thoughts.", "visible", None),
        ("And a reply.", "deleted", first.pk),
    ]
    assert posts[0]["topic"] == "Baotou plans"
    assert [v["body"] for v in posts[0]["earlier_versions"]] == ["First thoughts."]


def test_settings_export_downloads_the_data_as_a_json_attachment(
    person: User, person_client: Client
) -> None:
    response = person_client.get("/settings/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="rare-earth-exchanges-ann_r.json"'
    )
    assert json.loads(response.content) == account_export(user=person)


def test_settings_export_reads_a_fixed_number_of_queries_with_a_long_history(
    person: User,
    person_client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    settings: Settings,
) -> None:
    """One query per section (nine), one for the posts' earlier versions, and the session and
    the user: twelve, however long each is. (Six before the five sections of issue 17, with no
    posts and so no query for their versions.)"""
    settings.FORUM_POST_RATE = (100, 60)
    moderator = ModeratorFactory()
    AccountStateChange.objects.bulk_create(
        AccountStateChange(
            user=person, from_state="active", to_state="banned", reason="x", changed_by=moderator
        )
        for _ in range(30)
    )
    _long_history_in_every_section(person, moderator)

    with django_assert_max_num_queries(12):
        person_client.get("/settings/export/")


def _long_history_in_every_section(person: User, moderator: User) -> None:
    topic = ArticleFactory().discussion
    posts = [comment(topic, author=moderator, body=f"Comment {n}.") for n in range(20)]
    for post in posts:
        written = comment(topic, author=person, body=f"On {post.pk}.")
        post_edit(post=written, editor=person, body=f"Edited, on {post.pk}.")
    Reaction.objects.bulk_create(Reaction(post=post, user=person) for post in posts)
    Report.objects.bulk_create(
        Report(post=post, reporter=person, reason=Report.Reason.SPAM) for post in posts
    )
    Post.objects.filter(author=person).update(
        status=Post.Status.REMOVED, moderation_reason="Off-topic.", moderated_at=JOINED
    )
    # Posting watched `topic`; some more are muted.
    for article in ArticleFactory.create_batch(5):
        TopicSubscription.objects.create(user=person, topic=article.discussion, level="muted")
    Notification.objects.bulk_create(
        Notification(
            recipient=person,
            event=NotificationEvent.objects.create(kind="post_published", post=post),
            kind=NotificationKind.WATCHED_TOPIC,
            delivery=Delivery.IN_APP,
            post=post,
        )
        for post in posts
    )


def test_settings_export_requires_login(client: Client) -> None:
    response = client.get("/settings/export/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_me_export_api_returns_the_same_data(person: User, person_client: Client) -> None:
    response = person_client.get("/api/v1/me/export/")

    assert response.status_code == 200
    assert response.json() == account_export(user=person)


def test_me_export_api_refused_when_anonymous(client: Client) -> None:
    assert client.get("/api/v1/me/export/").status_code == 403
