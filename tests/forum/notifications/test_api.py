"""The notifications API and pages: the inbox with its unread count, marking read, and
watching or muting a topic; who may use them, and what a page of them costs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import NotificationKind, User
from articles.services import article_unpublish
from forum.discussions.models import Topic
from forum.moderation.services.decisions import post_remove
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment
from tests.schema import own_statuses

pytestmark = pytest.mark.django_db

SITE_URL = "https://rare-earth.example"
LIST_URL = "/api/v1/notifications/"
READ_ALL_URL = "/api/v1/notifications/read-all/"
KINDS = [
    NotificationKind.REPLY,
    NotificationKind.MENTION,
    NotificationKind.WATCHED_TOPIC,
    NotificationKind.MODERATION_OUTCOME,
    NotificationKind.MODERATION_QUEUE,
]


@pytest.fixture(autouse=True)
def _site_url(settings: Settings) -> None:
    settings.SITE_URL = SITE_URL


@pytest.fixture
def alice(db: None) -> User:
    return ReaderFactory(username="alice")


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


def notify(recipient: User, topic: Topic, count: int) -> list[Notification]:
    """`count` notifications for `recipient`, of several kinds, by several people, about
    several posts, each a minute older than the one before; newest first."""
    posts = [comment(topic) for _ in range(3)]
    events = NotificationEvent.objects.bulk_create(
        NotificationEvent(kind="post_published", post=posts[n % 3], actor=posts[n % 3].author)
        for n in range(count)
    )
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            event=event,
            kind=KINDS[n % len(KINDS)],
            delivery="in_app",
            post=None if KINDS[n % len(KINDS)] == "moderation_queue" else event.post,
            actor=event.actor,
            created_at=now - timedelta(minutes=n),
        )
        for n, event in enumerate(events)
    )


def api_post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


# The inbox


def test_notification_list_api_gives_the_viewer_notifications_newest_first(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    newest, middle, oldest = notify(alice, topic, 3)
    notify(ReaderFactory(), topic, 2)  # someone else's

    response = alice_client.get(LIST_URL)

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert data["unread_count"] == 3
    assert [item["id"] for item in data["results"]] == [newest.pk, middle.pk, oldest.pk]
    first = data["results"][0]
    assert set(first) == {"id", "kind", "text", "url", "created_at", "read"}
    assert first["kind"] == "reply"
    assert (
        first["text"] == f"{newest.actor.public_name} replied to your comment in “{topic.title}”."
    )
    assert first["url"] == f"http://testserver/forum/p/{newest.post_id}/"
    assert first["read"] is False


def test_notification_list_api_leaves_out_notifications_about_posts_removed_since(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    kept, removed = notify(alice, topic, 2)
    post_remove(post=removed.post, moderator=ModeratorFactory(), reason="Rude.")

    data = alice_client.get(LIST_URL).json()

    assert [item["id"] for item in data["results"]] == [kept.pk]
    assert data["unread_count"] == 1


def test_notification_list_api_pages_twenty_at_a_time(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    notify(alice, topic, 25)

    first = alice_client.get(LIST_URL).json()
    second = alice_client.get(first["next"]).json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (25, 20, 5)
    assert first["unread_count"] == second["unread_count"] == 25


def test_notification_list_api_costs_the_same_queries_however_many_notifications(
    alice_client: Client,
    alice: User,
    topic: Topic,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    notify(alice, topic, 60)

    # session, user, count, page (actors, events, posts and topics joined), unread count
    with django_assert_max_num_queries(5):
        response = alice_client.get(LIST_URL, {"page": 2})

    assert len(response.json()["results"]) == 20


def test_notification_mark_read_api_marks_it_read(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    first, _second = notify(alice, topic, 2)

    response = api_post(alice_client, f"/api/v1/notifications/{first.pk}/read/")
    again = api_post(alice_client, f"/api/v1/notifications/{first.pk}/read/")

    assert response.status_code == again.status_code == 200
    assert response.json()["id"] == first.pk
    assert response.json()["read"] is True
    first.refresh_from_db()
    assert first.read_at is not None
    assert alice_client.get(LIST_URL).json()["unread_count"] == 1


def test_notification_mark_read_api_is_404_for_someone_else_notification(
    alice_client: Client, topic: Topic
) -> None:
    [theirs] = notify(ReaderFactory(), topic, 1)

    response = api_post(alice_client, f"/api/v1/notifications/{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_mark_all_read_api_marks_every_one_read(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    notify(alice, topic, 3)
    [theirs] = notify(ReaderFactory(), topic, 1)

    response = api_post(alice_client, READ_ALL_URL)

    assert response.status_code == 200
    assert response.json() == {"marked": 3, "unread_count": 0}
    assert not alice.notifications.filter(read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# Watching and muting a topic


def subscription_url(topic: Topic) -> str:
    return f"/api/v1/forum/topics/{topic.pk}/subscription/"


def test_topic_subscription_api_is_none_until_the_viewer_posts_there(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    assert alice_client.get(subscription_url(topic)).json() == {"level": "none"}

    comment(topic, author=alice)

    assert alice_client.get(subscription_url(topic)).json() == {"level": "watching"}


@pytest.mark.parametrize("level", ["watching", "muted"])
def test_topic_subscription_api_put_sets_the_level(
    alice_client: Client, alice: User, topic: Topic, level: str
) -> None:
    response = alice_client.put(subscription_url(topic), {"level": level}, "application/json")

    assert response.status_code == 200
    assert response.json() == {"level": level}
    assert TopicSubscription.objects.get(user=alice, topic=topic).level == level
    assert alice_client.get(subscription_url(topic)).json() == {"level": level}


def test_topic_subscription_api_put_none_forgets_the_choice(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    comment(topic, author=alice)

    response = alice_client.put(subscription_url(topic), {"level": "none"}, "application/json")

    assert response.json() == {"level": "none"}
    assert not TopicSubscription.objects.filter(user=alice).exists()


def test_topic_subscription_api_refuses_an_unknown_level(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    response = alice_client.put(subscription_url(topic), {"level": "loud"}, "application/json")

    assert response.status_code == 400
    assert "level" in response.json()
    assert not TopicSubscription.objects.filter(user=alice).exists()


@pytest.mark.parametrize("method", ["get", "put"])
def test_topic_subscription_api_is_404_for_a_topic_the_viewer_may_not_read(
    alice_client: Client, alice: User, method: str
) -> None:
    hidden = article_unpublish(article=ArticleFactory()).discussion

    response = getattr(alice_client, method)(
        subscription_url(hidden), {"level": "watching"}, "application/json"
    )

    assert response.status_code == 404
    assert not TopicSubscription.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", LIST_URL),
        ("post", "/api/v1/notifications/1/read/"),
        ("post", READ_ALL_URL),
        ("get", "/api/v1/forum/topics/{topic}/subscription/"),
        ("put", "/api/v1/forum/topics/{topic}/subscription/"),
    ],
)
def test_notifications_api_refuses_anonymous_visitors(
    client: Client, topic: Topic, method: str, url: str
) -> None:
    response = getattr(client, method)(
        url.format(topic=topic.pk), {"level": "watching"}, "application/json"
    )

    assert response.status_code == 403
    assert not TopicSubscription.objects.exists()


def test_api_schema_describes_the_notification_endpoints(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    listing = paths["/api/v1/notifications/"]["get"]
    assert own_statuses(listing) == {"200", "403", "404"}  # 404: a page past the last
    assert {p["name"] for p in listing["parameters"]} == {"page"}
    assert own_statuses(paths["/api/v1/notifications/{id}/read/"]["post"]) == {
        "200",
        "403",
        "404",
    }
    assert own_statuses(paths["/api/v1/notifications/read-all/"]["post"]) == {"200", "403"}
    subscription = paths["/api/v1/forum/topics/{id}/subscription/"]
    assert set(subscription) == {"get", "put"}
    assert own_statuses(subscription["put"]) == {"200", "400", "403", "404"}


# The pages


def test_notifications_page_lists_them_newest_first_the_unread_marked(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    newest, older = notify(alice, topic, 2)
    Notification.objects.filter(pk=older.pk).update(read_at=timezone.now())

    response = alice_client.get("/notifications/")

    assert response.status_code == 200
    html = response.text
    assert html.index(f"/notifications/{newest.pk}/read/") < html.index(
        f"/notifications/{older.pk}/read/"
    )
    assert html.count('class="notification unread"') == 1


def test_notifications_page_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_notifications_page_costs_the_same_queries_however_many_notifications(
    alice_client: Client,
    alice: User,
    topic: Topic,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    notify(alice, topic, 70)

    # session, user, count, page (actors, events, posts and topics joined), the header's
    # unread count (whether anything is unread, then how many), the account notice
    with django_assert_max_num_queries(7):
        response = alice_client.get("/notifications/", {"page": 2})

    # 30 notifications, some grouped into one line (the others of a line read with its newest).
    lines, grouped = response.text.count('<li class="notification'), response.text.count('"also"')
    assert lines + grouped == 30
    assert grouped > 0


def test_header_badge_counts_the_unread_notifications(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    read, *_unread = notify(alice, topic, 3)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())

    response = alice_client.get("/")

    assert '<span class="unread-badge" title="Unread">2</span>' in response.text


def test_header_badge_is_absent_with_nothing_unread(alice_client: Client) -> None:
    response = alice_client.get("/")

    assert 'href="/notifications/">Notifications</a>' in response.text
    assert "unread-badge" not in response.text


def test_header_has_no_notifications_link_for_anonymous_visitors(client: Client) -> None:
    assert 'href="/notifications/"' not in client.get("/").text


def test_notification_read_marks_it_read_and_goes_to_the_comment(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    [notification] = notify(alice, topic, 1)

    response = alice_client.post(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 302
    assert response.url == f"/forum/p/{notification.post_id}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notification_read_of_someone_else_notification_changes_nothing(
    alice_client: Client, topic: Topic
) -> None:
    [theirs] = notify(ReaderFactory(), topic, 1)

    response = alice_client.post(f"/notifications/{theirs.pk}/read/")

    assert response.url == "/notifications/"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_read_all_marks_every_one_read(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    notify(alice, topic, 3)

    response = alice_client.post("/notifications/read-all/", follow=True)

    assert "3 notifications marked as read." in response.text
    assert not alice.notifications.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("level", "stored"), [("watching", "watching"), ("muted", "muted"), ("none", None)]
)
def test_topic_subscription_buttons_set_the_level_and_go_back_to_the_comments(
    alice_client: Client, alice: User, topic: Topic, level: str, stored: str | None
) -> None:
    comment(topic, author=alice)  # watching

    response = alice_client.post(f"/notifications/topics/{topic.pk}/", {"level": level})

    assert response.status_code == 302
    assert response.url == topic.comments_url
    subscription = TopicSubscription.objects.filter(user=alice, topic=topic).first()
    assert (subscription.level if subscription else None) == stored


def test_topic_subscription_buttons_refuse_an_unknown_level(
    alice_client: Client, alice: User, topic: Topic
) -> None:
    response = alice_client.post(f"/notifications/topics/{topic.pk}/", {"level": "loud"})

    assert response.status_code == 400
    assert not TopicSubscription.objects.filter(user=alice).exists()


def test_topic_subscription_buttons_send_anonymous_visitors_to_log_in(
    client: Client, topic: Topic
) -> None:
    response = client.post(f"/notifications/topics/{topic.pk}/", {"level": "watching"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not TopicSubscription.objects.exists()


def test_topic_subscription_snippet_offers_each_level_to_logged_in_readers(
    rf: RequestFactory, alice: User, topic: Topic
) -> None:
    request = rf.get("/")
    request.user = alice

    html = render_to_string("notifications/_topic_subscription.html", {"topic": topic}, request)

    assert f'action="/notifications/topics/{topic.pk}/"' in html
    for level in ("watching", "muted", "none"):
        assert f'name="level" value="{level}"' in html
    request.user = AnonymousUser()
    assert render_to_string(
        "notifications/_topic_subscription.html", {"topic": topic}, request
    ).isspace()


@pytest.mark.parametrize("level", ["watching", "muted", "none"])
def test_topic_subscription_snippet_shows_the_readers_choice_pressed(
    rf: RequestFactory, alice: User, topic: Topic, level: str
) -> None:
    if level != "none":
        TopicSubscription.objects.create(user=alice, topic=topic, level=level)
    request = rf.get("/")
    request.user = alice

    html = render_to_string("notifications/_topic_subscription.html", {"topic": topic}, request)

    assert html.count('aria-pressed="true"') == 1
    assert f'value="{level}" class="secondary" aria-pressed="true"' in html
