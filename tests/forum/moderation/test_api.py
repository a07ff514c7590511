"""The moderation API: the queues, decisions on posts, readers' reports and the log, with every
refusal, and the queue's cost pinned with ten thousand posts waiting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import PATH_SEGMENT_WIDTH, HoldCode, Post, Topic
from forum.moderation.api.views import DEPRECATED_POST_MODERATION_APIS, POST_MODERATION_APIS
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.selectors import Queue
from forum.moderation.services.account_states import user_ban
from forum.moderation.services.decisions import (
    post_approve,
    post_feature,
    post_remove,
    post_restore,
)
from forum.moderation.services.reports import report_create
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)
from tests.schema import own_statuses

pytestmark = pytest.mark.django_db

QUEUE_URL = "/api/v1/moderation/queue/"
LOG_URL = "/api/v1/moderation/log/"
Action = ModerationLogEntry.Action


def action_url(post: Post, action: str) -> str:
    return f"/api/v1/moderation/posts/{post.pk}/{action}/"


def reports_url(post: Post) -> str:
    return f"/api/v1/posts/{post.pk}/reports/"


def post_json(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def moderator_client(client: Client, moderator: User) -> Client:
    return logged_in(client, moderator)


@pytest.fixture
def reader_client(client: Client, reader: User) -> Client:
    return logged_in(client, reader)


@pytest.fixture
def parent(topic: Topic) -> Post:
    return comment(topic, author=ModeratorFactory(), body="The parent post, which is long " * 9)


@pytest.fixture
def held(topic: Topic, parent: Post, settings: Settings) -> Post:
    """A reader's first post, a reply, held for a moderator."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    post = comment(topic, reply_to=parent, author=ReaderFactory(username="newcomer"))
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    assert post.status == Post.Status.PENDING
    return post


@pytest.fixture
def visible(topic: Topic, parent: Post) -> Post:
    return comment(topic, reply_to=parent, author=ReaderFactory(username="regular"))


def report(post: Post, count: int = 1, reason: str = Report.Reason.SPAM) -> None:
    for _ in range(count):
        report_create(post=post, reporter=ReaderFactory(), reason=reason)


def results_ids(response: Any) -> list[int]:
    return [item["post"]["id"] for item in response.json()["results"]]


# The queue: who may read it


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(ReaderFactory, id="reader"),
        pytest.param(EditorFactory, id="editor"),
        pytest.param(lambda: ModeratorFactory(is_active=False), id="inactive-moderator"),
    ],
)
def test_moderation_queue_list_api_refuses_anyone_but_discussion_staff(
    client: Client, who: Any, held: Post
) -> None:
    user = who()
    if user is not None:
        client.force_login(user)

    response = client.get(QUEUE_URL)

    assert response.status_code == 403
    assert "detail" in response.json()


def test_moderation_queue_list_api_is_open_to_administrators(client: Client, held: Post) -> None:
    response = logged_in(client, AdministratorFactory()).get(QUEUE_URL)

    assert response.status_code == 200
    assert results_ids(response) == [held.pk]


# The queue: what it lists


def test_moderation_queue_list_api_lists_a_held_post_in_its_context(
    moderator_client: Client, held: Post, parent: Post, topic: Topic
) -> None:
    User.objects.filter(pk=held.author_id).update(
        date_joined=timezone.now() - timedelta(days=40, hours=1)
    )

    response = moderator_client.get(QUEUE_URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["order"], body["next"]) == ("pending", "oldest", None)
    (item,) = body["results"]
    post = item["post"]
    assert post["id"] == held.pk
    assert (post["body"], post["status"]) == (held.body, "pending")
    assert post["body_html"].startswith("<p>")
    assert post["held_reason"] == "A first post: the author has 0 approved posts."
    assert post["held_code"] == HoldCode.FIRST_POST
    assert post["permalink"] == f"http://testserver/forum/p/{held.pk}/"
    assert post["topic"] == {
        "id": topic.pk,
        "title": topic.title,
        "url": f"http://testserver{topic.article.get_absolute_url()}",
        "is_closed": False,
    }
    assert post["parent"]["id"] == parent.pk
    assert post["parent"]["excerpt"].startswith("The parent post, which is long")
    assert len(post["parent"]["excerpt"]) <= 140
    assert post["created_at"]
    assert item["author"] == {
        "handle": "newcomer",
        "display_name": "newcomer",
        "account_age_days": 40,
        "state": "active",
        "approved": 0,
        "refused": 0,
    }
    assert item["reports"] == []


def test_moderation_queue_list_api_gives_the_authors_record(
    moderator_client: Client, topic: Topic, moderator: User, settings: Settings
) -> None:
    author = ReaderFactory()
    for _ in range(2):
        comment(topic, author=author)
    post_remove(post=comment(topic, author=author), moderator=moderator, reason="Spam")
    settings.FORUM_PREMODERATE_FIRST_POSTS = 5
    comment(topic, author=author)

    (item,) = moderator_client.get(QUEUE_URL).json()["results"]

    assert (item["author"]["approved"], item["author"]["refused"]) == (2, 1)


def test_moderation_queue_list_api_lists_reported_posts_with_their_reports(
    moderator_client: Client, visible: Post
) -> None:
    reporter = ReaderFactory(username="watchful")
    report_create(post=visible, reporter=reporter, reason=Report.Reason.OTHER, text="Off-colour.")

    response = moderator_client.get(QUEUE_URL, {"status": "reported"})

    (item,) = response.json()["results"]
    assert item["post"]["id"] == visible.pk
    assert item["post"]["status"] == "visible"
    assert item["post"]["open_report_count"] == 1
    (entry,) = item["reports"]
    assert {k: entry[k] for k in ("reason", "text", "status", "reporter")} == {
        "reason": "other",
        "text": "Off-colour.",
        "status": "open",
        "reporter": "watchful",
    }
    assert entry["created_at"]


def test_moderation_queue_list_api_lists_a_post_hidden_by_reports_as_reported_only(
    moderator_client: Client, visible: Post, settings: Settings
) -> None:
    report(visible, settings.FORUM_REPORT_THRESHOLD)

    assert results_ids(moderator_client.get(QUEUE_URL, {"status": "reported"})) == [visible.pk]
    assert results_ids(moderator_client.get(QUEUE_URL, {"status": "pending"})) == []


def _held_posts(topic: Topic, minutes_ago: list[int], settings: Settings) -> list[Post]:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    posts = [comment(topic) for _ in minutes_ago]
    for post, minutes in zip(posts, minutes_ago, strict=True):
        Post.objects.filter(pk=post.pk).update(held_at=timezone.now() - timedelta(minutes=minutes))
    return posts


def test_moderation_queue_list_api_lists_oldest_first_by_default(
    moderator_client: Client, topic: Topic, settings: Settings
) -> None:
    old, new, middle = _held_posts(topic, [30, 10, 20], settings)

    assert results_ids(moderator_client.get(QUEUE_URL)) == [old.pk, middle.pk, new.pk]


def test_moderation_queue_list_api_lists_newest_first_when_asked(
    moderator_client: Client, topic: Topic, settings: Settings
) -> None:
    old, new, middle = _held_posts(topic, [30, 10, 20], settings)

    response = moderator_client.get(QUEUE_URL, {"order": "newest"})

    assert response.json()["order"] == "newest"
    assert results_ids(response) == [new.pk, middle.pk, old.pk]


@pytest.fixture
def decided(topic: Topic, moderator: User, settings: Settings) -> list[Post]:
    """Three posts approved 30, 10 and 20 minutes ago."""
    posts = _held_posts(topic, [1, 2, 3], settings)
    for post, minutes in zip(posts, [30, 10, 20], strict=True):
        post_approve(post=post, moderator=moderator)
        Post.objects.filter(pk=post.pk).update(
            moderated_at=timezone.now() - timedelta(minutes=minutes)
        )
    return posts


def test_moderation_queue_list_api_lists_history_newest_first_by_default(
    moderator_client: Client, decided: list[Post]
) -> None:
    old, new, middle = decided

    response = moderator_client.get(QUEUE_URL, {"status": "history"})

    assert response.json()["order"] == "newest"
    assert results_ids(response) == [new.pk, middle.pk, old.pk]
    assert response.json()["results"][0]["post"]["moderated_by"]


def test_moderation_queue_list_api_lists_history_oldest_first_when_asked(
    moderator_client: Client, decided: list[Post]
) -> None:
    old, new, middle = decided

    response = moderator_client.get(QUEUE_URL, {"status": "history", "order": "oldest"})

    assert results_ids(response) == [old.pk, middle.pk, new.pk]


def test_moderation_queue_list_api_pages_with_a_next_link(
    moderator_client: Client, topic: Topic, settings: Settings
) -> None:
    old, new, middle = _held_posts(topic, [30, 10, 20], settings)
    settings.FORUM_MODERATION_PAGE_SIZE = 2

    first = moderator_client.get(QUEUE_URL).json()
    second = moderator_client.get(first["next"]).json()

    assert [item["post"]["id"] for item in first["results"]] == [old.pk, middle.pk]
    assert first["next"] == f"http://testserver{QUEUE_URL}?offset=2"
    assert [item["post"]["id"] for item in second["results"]] == [new.pk]
    assert second["next"] is None


def test_moderation_queue_list_api_summarises_pending_and_reported(
    moderator_client: Client, topic: Topic, visible: Post, settings: Settings
) -> None:
    _held_posts(topic, [90, 10], settings)
    report(visible)
    Post.objects.filter(pk=visible.pk).update(reported_at=timezone.now() - timedelta(minutes=5))

    summary = moderator_client.get(QUEUE_URL, {"status": "history"}).json()["summary"]

    assert summary["pending"]["count"] == 2
    assert 90 * 60 <= summary["pending"]["oldest_age_seconds"] < 91 * 60
    assert summary["pending"]["oldest_at"]
    assert summary["reported"]["count"] == 1
    assert 5 * 60 <= summary["reported"]["oldest_age_seconds"] < 6 * 60


def test_moderation_queue_list_api_summarises_empty_queues(moderator_client: Client) -> None:
    summary = moderator_client.get(QUEUE_URL).json()["summary"]

    assert summary == {
        "pending": {
            "count": 0,
            "more_than_cap": False,
            "oldest_at": None,
            "oldest_age_seconds": None,
        },
        "reported": {
            "count": 0,
            "more_than_cap": False,
            "oldest_at": None,
            "oldest_age_seconds": None,
        },
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "spam"}, "status"),
        ({"order": "random"}, "order"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "many"}, "offset"),
        # Past 64 bits SQLite refused the OFFSET with a 500 (found by tests/api fuzzing).
        ({"offset": str(2**64)}, "offset"),
    ],
)
def test_moderation_queue_list_api_refuses_a_bad_query(
    moderator_client: Client, query: dict[str, str], field: str
) -> None:
    response = moderator_client.get(QUEUE_URL, query)

    assert response.status_code == 400
    assert set(response.json()) == {field}


# The queue: its cost


def _bulk_posts(
    *,
    queue: str,
    topic: Topic,
    parent: Post,
    authors: list[User],
    moderator: User,
    count: int,
) -> None:
    """`count` posts waiting in `queue`, written in bulk with valid tree paths (a reply's path
    is its parent's and then its own zero-padded id)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        Queue.PENDING: {"status": Post.Status.PENDING, "held_reason": "Bulk."},
        Queue.REPORTED: {"status": Post.Status.VISIBLE, "open_report_count": 1},
        Queue.HISTORY: {
            "status": Post.Status.REJECTED,
            "moderated_by": moderator,
            "moderation_reason": "Spam",
        },
    }[queue]
    posts = []
    for n in range(count):
        at = now - timedelta(seconds=n + 1)
        posts.append(
            Post(
                topic=topic,
                author=authors[n % len(authors)],
                parent=parent,
                root=parent,
                depth=1,
                body=f"Bulk post {n}",
                body_html=f"<p>Bulk post {n}</p>",
                created_at=at,
                held_at=at if queue == Queue.PENDING else None,
                reported_at=at if queue == Queue.REPORTED else None,
                moderated_at=at if queue == Queue.HISTORY else None,
                **fields,
            )
        )
    Post.objects.bulk_create(posts, batch_size=1000)
    new = Post.objects.filter(topic=topic, path="")
    if queue == Queue.REPORTED:
        reporters = [ReaderFactory() for _ in range(3)]
        Report.objects.bulk_create(
            [
                Report(post_id=pk, reporter=reporters[n % 3], reason=Report.Reason.SPAM)
                for n, pk in enumerate(new.values_list("pk", flat=True))
            ],
            batch_size=1000,
        )
    segment = LPad(Cast("id", CharField()), PATH_SEGMENT_WIDTH, Value("0"))
    new.update(path=Concat(Value(parent.path), segment, output_field=CharField()))


@pytest.mark.parametrize("queue", Queue.CHOICES)
def test_moderation_queue_list_api_costs_the_same_with_10_or_10000_posts_waiting(
    queue: str,
    moderator_client: Client,
    moderator: User,
    topic: Topic,
    parent: Post,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    build = {
        "queue": queue,
        "topic": topic,
        "parent": parent,
        "authors": [ReaderFactory() for _ in range(7)],
        "moderator": moderator,
    }
    _bulk_posts(count=10, **build)
    with CaptureQueriesContext(connection) as few:
        response = moderator_client.get(QUEUE_URL, {"status": queue})
    assert len(response.json()["results"]) == 10

    _bulk_posts(count=9_990, **build)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        response = moderator_client.get(QUEUE_URL, {"status": queue})

    body = response.json()
    assert len(body["results"]) == 25
    assert body["next"] is not None
    if queue != Queue.HISTORY:
        # Counted no further than the cap: the rest of a long queue is never read for it.
        assert body["summary"][queue]["count"] == 1001
        assert body["summary"][queue]["more_than_cap"] is True
    sample = Post.objects.get(pk=body["results"][0]["post"]["id"])
    assert sample.path == parent.path + f"{sample.pk:010d}"
    assert len(many) == len(few)


# Decisions: what each does


def _ready(action: str, held: Post, visible: Post) -> Post:
    """The post `action` applies to, in the state it applies to."""
    if action in ("approve", "reject", "spam"):
        return held
    if action == "restore":
        post_remove(post=visible, moderator=ModeratorFactory(), reason="Spam")
    if action == "dismiss-reports":
        report(visible)
    if action == "unfeature":
        post_feature(post=visible, moderator=ModeratorFactory(), featured=True)
    if action == "open-topic":
        Topic.objects.filter(pk=visible.topic_id).update(is_closed=True)
    return visible


_BODIES: dict[str, dict[str, Any]] = {
    "reject": {"reason": "off_topic", "text": "Keep to rare earths."},
    "remove": {"reason": "abuse"},
    "suspend-author": {"days": 3, "reason": "Cooling off."},
    "ban-author": {"reason": "Persistent abuse."},
    "close-topic": {"reason": "Heated."},
}

_EXPECTED: dict[str, dict[str, Any]] = {
    "approve": {"status": "visible"},
    "reject": {"status": "rejected", "moderation_reason": "Off-topic: Keep to rare earths."},
    "remove": {"status": "removed", "moderation_reason": "Abusive or harassing"},
    "restore": {"status": "visible", "moderation_reason": ""},
    "spam": {"status": "rejected", "moderation_reason": "Spam or advertising"},
    "dismiss-reports": {"status": "visible", "open_report_count": 0},
    "feature": {"is_featured": True},
    "unfeature": {"is_featured": False},
    "suspend-author": {"status": "visible"},
    "ban-author": {"status": "visible"},
    "close-topic": {"status": "visible"},
    "open-topic": {"status": "visible"},
}

_LOGGED = {
    "approve": Action.APPROVE,
    "reject": Action.REJECT,
    "remove": Action.REMOVE,
    "restore": Action.RESTORE,
    "spam": Action.SPAM,
    "dismiss-reports": Action.DISMISS_REPORTS,
    "feature": Action.FEATURE,
    "unfeature": Action.UNFEATURE,
    "suspend-author": Action.SUSPEND,
    "ban-author": Action.BAN,
    "close-topic": Action.CLOSE_TOPIC,
    "open-topic": Action.OPEN_TOPIC,
}


@pytest.mark.parametrize("action", list(POST_MODERATION_APIS))
def test_moderation_post_action_api_decides_and_answers_with_the_new_state(
    action: str, moderator_client: Client, moderator: User, held: Post, visible: Post
) -> None:
    post = _ready(action, held, visible)

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == post.pk
    assert {key: body[key] for key in _EXPECTED[action]} == _EXPECTED[action]
    assert body["permalink"] == f"http://testserver/forum/p/{post.pk}/"
    assert ModerationLogEntry.objects.filter(action=_LOGGED[action], actor=moderator).exists()


def test_moderation_post_action_api_approve_says_who_decided(
    moderator_client: Client, moderator: User, held: Post, topic: Topic
) -> None:
    body = post_json(moderator_client, action_url(held, "approve")).json()

    assert body["moderated_by"] == moderator.username
    assert body["moderated_at"]
    assert (body["held_code"], body["held_reason"]) == (HoldCode.FIRST_POST, held.held_reason)
    topic.refresh_from_db()
    assert topic.post_count == 2


def test_moderation_post_action_api_spam_suspends_the_author(
    moderator_client: Client, held: Post, settings: Settings
) -> None:
    body = post_json(moderator_client, action_url(held, "spam")).json()

    assert body["author"]["state"] == "suspended"
    held.author.refresh_from_db()
    expected = timezone.now() + timedelta(days=settings.FORUM_SPAM_SUSPENSION_DAYS)
    assert abs(held.author.suspended_until - expected) < timedelta(minutes=1)


def test_moderation_post_action_api_suspend_author_suspends_for_the_days_given(
    moderator_client: Client, visible: Post
) -> None:
    body = post_json(
        moderator_client, action_url(visible, "suspend-author"), {"days": 3, "reason": "Heat."}
    ).json()

    assert body["author"]["handle"] == "regular"
    assert body["author"]["state"] == "suspended"
    visible.author.refresh_from_db()
    expected = timezone.now() + timedelta(days=3)
    assert abs(visible.author.suspended_until - expected) < timedelta(minutes=1)
    assert visible.author.state_reason == "Heat."


def test_moderation_post_action_api_ban_author_bans(
    moderator_client: Client, visible: Post
) -> None:
    body = post_json(moderator_client, action_url(visible, "ban-author"), {"reason": "Spam."})

    assert body.json()["author"]["state"] == "banned"


@pytest.mark.parametrize(("action", "closed"), [("close-topic", True), ("open-topic", False)])
def test_moderation_post_action_api_closes_and_opens_the_posts_topic(
    action: str, closed: bool, moderator_client: Client, visible: Post, topic: Topic
) -> None:
    if not closed:
        Topic.objects.filter(pk=topic.pk).update(is_closed=True)

    body = post_json(moderator_client, action_url(visible, action)).json()

    assert body["topic"]["is_closed"] is closed
    topic.refresh_from_db()
    assert topic.is_closed is closed


# Decisions: refusals


def test_moderation_post_action_api_answers_409_when_already_handled(
    moderator_client: Client, held: Post, topic: Topic
) -> None:
    post_approve(post=held, moderator=ModeratorFactory(display_name="Ada"))

    response = post_json(moderator_client, action_url(held, "approve"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This comment was already handled by Ada: it is now visible."
    }
    topic.refresh_from_db()
    assert topic.post_count == 2
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


@pytest.mark.parametrize(
    ("action", "needs"),
    [
        ("reject", "visible"),
        ("remove", "held"),
        ("restore", "visible"),
        ("dismiss-reports", "visible"),
        ("feature", "held"),
        ("unfeature", "visible"),
        ("open-topic", "visible"),
    ],
)
def test_moderation_post_action_api_answers_409_for_a_post_in_another_state(
    action: str, needs: str, moderator_client: Client, held: Post, visible: Post
) -> None:
    post = {"held": held, "visible": visible}[needs]

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 409
    assert response.json()["detail"]


def test_moderation_post_action_api_answers_404_for_an_unknown_action(
    moderator_client: Client, visible: Post
) -> None:
    response = post_json(moderator_client, action_url(visible, "delete-everything"))

    assert response.status_code == 404
    assert "delete-everything" in response.json()["detail"]


def test_moderation_post_action_api_answers_404_for_an_unknown_post(
    moderator_client: Client,
) -> None:
    response = post_json(moderator_client, "/api/v1/moderation/posts/999999/approve/")

    assert response.status_code == 404


def test_moderation_post_action_api_refuses_a_get(moderator_client: Client, held: Post) -> None:
    assert moderator_client.get(action_url(held, "approve")).status_code == 405


@pytest.mark.parametrize("action", list(POST_MODERATION_APIS))
@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(ReaderFactory, id="reader"),
        pytest.param(EditorFactory, id="editor"),
    ],
)
def test_moderation_post_action_api_refuses_anyone_but_discussion_staff(
    action: str, who: Any, client: Client, held: Post, visible: Post
) -> None:
    post = _ready(action, held, visible)
    before = Post.objects.filter(pk=post.pk).values().get()
    logged = ModerationLogEntry.objects.count()
    user = who()
    if user is not None:
        client.force_login(user)

    response = post_json(client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).values().get() == before
    assert ModerationLogEntry.objects.count() == logged
    post.author.refresh_from_db()
    assert post.author.state == User.State.ACTIVE


@pytest.mark.parametrize("action", ["suspend-author", "ban-author", "spam"])
def test_moderation_post_action_api_refuses_a_moderator_acting_on_an_administrator(
    action: str, moderator_client: Client, topic: Topic
) -> None:
    administrator = AdministratorFactory()
    post = comment(topic, author=administrator)

    response = post_json(moderator_client, action_url(post, action), _BODIES.get(action))

    assert response.status_code == 403
    assert response.json() == {"detail": "You may not change the state of this account."}
    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE
    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("reject", {}, "reason"),
        ("reject", {"reason": "ugly"}, "reason"),
        ("remove", {"text": "No reason code."}, "reason"),
        ("suspend-author", {"reason": "Heat."}, "days"),
        ("suspend-author", {"days": 0, "reason": "Heat."}, "days"),
        ("suspend-author", {"days": 3, "reason": "  "}, "reason"),
        ("ban-author", {}, "reason"),
        ("ban-author", {"reason": ""}, "reason"),
    ],
)
def test_moderation_post_action_api_refuses_a_bad_body(
    action: str,
    data: dict[str, Any],
    field: str,
    moderator_client: Client,
    held: Post,
    visible: Post,
) -> None:
    post = held if action == "reject" else visible

    response = post_json(moderator_client, action_url(post, action), data)

    assert response.status_code == 400
    assert set(response.json()) == {field}
    post.refresh_from_db()
    assert post.moderated_at is None


def test_moderation_post_action_api_refuses_to_ban_an_author_already_banned(
    moderator_client: Client, visible: Post
) -> None:
    user_ban(user=visible.author, by=ModeratorFactory(), reason="Spam.")

    response = post_json(moderator_client, action_url(visible, "ban-author"), {"reason": "Again."})

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This account is banned: it cannot be banned now."]
    }


# Reports


def test_post_report_create_api_reports_a_post(reader_client: Client, visible: Post) -> None:
    response = post_json(reader_client, reports_url(visible), {"reason": "abuse", "text": "Rude."})

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("post", "reason", "text", "post_status")} == {
        "post": visible.pk,
        "reason": "abuse",
        "text": "Rude.",
        "post_status": "visible",
    }
    assert Report.objects.get().pk == body["id"]


def test_post_report_create_api_says_when_the_report_hid_the_post(
    reader_client: Client, visible: Post, settings: Settings
) -> None:
    report(visible, settings.FORUM_REPORT_THRESHOLD - 1)

    response = post_json(reader_client, reports_url(visible), {"reason": "spam"})

    assert response.status_code == 201
    assert response.json()["post_status"] == "pending"


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("anonymous", id="anonymous"),
        pytest.param("unverified", id="unverified"),
        pytest.param("suspended", id="suspended"),
        pytest.param("banned", id="banned"),
        pytest.param("author", id="own-post"),
    ],
)
def test_post_report_create_api_refuses(
    who: str,
    client: Client,
    visible: Post,
    unverified_user: User,
    suspended_reader: User,
    banned_reader: User,
) -> None:
    user = {
        "anonymous": None,
        "unverified": unverified_user,
        "suspended": suspended_reader,
        "banned": banned_reader,
        "author": visible.author,
    }[who]
    if user is not None:
        client.force_login(user)

    response = post_json(client, reports_url(visible), {"reason": "spam"})

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Report.objects.exists()


def test_post_report_create_api_refuses_a_second_report(
    reader_client: Client, visible: Post
) -> None:
    post_json(reader_client, reports_url(visible), {"reason": "spam"})

    response = post_json(reader_client, reports_url(visible), {"reason": "abuse"})

    assert response.status_code == 400
    assert response.json() == {"post": ["You already reported this comment."]}
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "reason"),
        ({"reason": "boring"}, "reason"),
        ({"reason": "other"}, "text"),
        ({"reason": "other", "text": "   "}, "text"),
        ({"reason": "other", "text": "x" * 501}, "text"),
    ],
)
def test_post_report_create_api_refuses_a_bad_report(
    reader_client: Client, visible: Post, data: dict[str, Any], field: str
) -> None:
    response = post_json(reader_client, reports_url(visible), data)

    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert not Report.objects.exists()


def test_post_report_create_api_refuses_a_post_already_with_the_moderators(
    moderator_client: Client, held: Post
) -> None:
    response = post_json(moderator_client, reports_url(held), {"reason": "spam"})

    assert response.status_code == 400
    assert response.json() == {"post": ["This comment is already with the moderators."]}


def test_post_report_create_api_is_404_for_a_post_the_reader_cannot_see(
    reader_client: Client, held: Post
) -> None:
    response = post_json(reader_client, reports_url(held), {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_post_report_create_api_is_404_for_an_unknown_post(reader_client: Client) -> None:
    response = post_json(reader_client, "/api/v1/posts/999999/reports/", {"reason": "spam"})

    assert response.status_code == 404


def test_post_report_create_api_answers_429_with_retry_after_over_the_hourly_limit(
    reader_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 2
    for _ in range(2):
        response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})
        assert response.status_code == 201

    response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    assert response.status_code == 429
    assert 3500 < int(response.headers["Retry-After"]) <= 3600
    assert "Try again in" in response.json()["detail"]
    assert Report.objects.count() == 2


def test_post_report_create_api_says_the_same_as_the_report_page_over_the_hourly_limit(
    reader_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 1
    post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    assert response.status_code == 429
    assert response.json()["detail"] == (
        "You have reported many comments in the last hour. Try again in 60 minutes."
    )


# The log


@pytest.fixture
def log_scene(topic: Topic) -> dict[str, User]:
    """ada removes cy's post three days ago, bo features di's two days ago and restores cy's
    yesterday."""
    ada, bo = ModeratorFactory(username="ada"), ModeratorFactory(username="bo")
    cy, di = ReaderFactory(username="cy"), ReaderFactory(username="di")
    by_cy, by_di = comment(topic, author=cy), comment(topic, author=di)
    post_remove(post=by_cy, moderator=ada, reason="Spam")
    post_feature(post=by_di, moderator=bo, featured=True)
    post_restore(post=by_cy, moderator=bo)
    now = timezone.now()
    for entry, days in zip(ModerationLogEntry.objects.order_by("id"), (3, 2, 1), strict=True):
        ModerationLogEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=days))
    return {"ada": ada, "bo": bo, "cy": cy, "di": di}


def logged_actions(response: Any) -> list[str]:
    return [entry["action"] for entry in response.json()["results"]]


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda: None, id="anonymous"),
        pytest.param(ReaderFactory, id="reader"),
        pytest.param(EditorFactory, id="editor"),
    ],
)
def test_moderation_log_list_api_refuses_anyone_but_discussion_staff(
    client: Client, who: Any, log_scene: dict[str, User]
) -> None:
    user = who()
    if user is not None:
        client.force_login(user)

    assert client.get(LOG_URL).status_code == 403


def test_moderation_log_list_api_lists_newest_first(
    moderator_client: Client, log_scene: dict[str, User], topic: Topic
) -> None:
    response = moderator_client.get(LOG_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert logged_actions(response) == ["restore", "feature", "remove"]
    restore = body["results"][0]
    assert {k: restore[k] for k in ("action", "action_label", "actor", "subject")} == {
        "action": "restore",
        "action_label": "Restored",
        "actor": "bo",
        "subject": "cy",
    }
    assert (restore["from_state"], restore["to_state"]) == ("removed", "visible")
    assert restore["topic"] == {"id": topic.pk, "title": topic.title}
    assert restore["post_permalink"] == f"http://testserver/forum/p/{restore['post']}/"


def test_moderation_log_list_api_shows_a_rules_hold_without_an_actor(
    moderator_client: Client, held: Post
) -> None:
    (entry,) = moderator_client.get(LOG_URL).json()["results"]

    assert (entry["action"], entry["actor"], entry["subject"]) == ("hold", None, "newcomer")
    assert entry["reason"] == held.held_reason
    assert entry["held_code"] == HoldCode.FIRST_POST


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "feature"}, ["feature"]),
        ({"actor": "bo"}, ["restore", "feature"]),
        ({"actor": "@ADA"}, ["remove"]),
        ({"subject": "cy"}, ["restore", "remove"]),
        ({"actor": "bo", "subject": "cy"}, ["restore"]),
    ],
)
def test_moderation_log_list_api_filters(
    moderator_client: Client,
    log_scene: dict[str, User],
    query: dict[str, str],
    expected: list[str],
) -> None:
    assert logged_actions(moderator_client.get(LOG_URL, query)) == expected


def test_moderation_log_list_api_filters_by_time(
    moderator_client: Client, log_scene: dict[str, User]
) -> None:
    now = timezone.now()
    query = {
        "since": (now - timedelta(days=2, hours=1)).isoformat(),
        "until": (now - timedelta(hours=1)).isoformat(),
    }

    assert logged_actions(moderator_client.get(LOG_URL, query)) == ["restore", "feature"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"action": "smite"}, "action"),
        ({"actor": "nobody_here"}, "actor"),
        ({"subject": "nobody_here"}, "subject"),
        ({"since": "last tuesday"}, "since"),
    ],
)
def test_moderation_log_list_api_refuses_a_bad_filter(
    moderator_client: Client, query: dict[str, str], field: str
) -> None:
    response = moderator_client.get(LOG_URL, query)

    assert response.status_code == 400
    assert set(response.json()) == {field}


def test_moderation_log_list_api_pages_newest_first_at_a_constant_cost(
    moderator_client: Client,
    topic: Topic,
    settings: Settings,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    moderators = [ModeratorFactory() for _ in range(3)]
    posts = [comment(topic) for _ in range(60)]
    for n, post in enumerate(posts):
        post_approve(post=post, moderator=moderators[n % 3])

    with django_assert_max_num_queries(6):
        first = moderator_client.get(LOG_URL).json()

    assert first["count"] == 120  # a hold and an approval each
    assert len(first["results"]) == 50
    ids = [entry["id"] for entry in first["results"]]
    assert ids == sorted(ids, reverse=True)
    second = moderator_client.get(first["next"]).json()
    assert second["results"][0]["id"] < ids[-1]


def test_post_report_create_api_answers_at_the_deprecated_flags_path_too(
    reader_client: Client, visible: Post
) -> None:
    response = post_json(reader_client, f"/api/v1/posts/{visible.pk}/flags/", {"reason": "spam"})

    assert response.status_code == 201
    assert Report.objects.get().pk == response.json()["id"]
    assert reverse("api-post-flags", args=[visible.pk]) == f"/api/v1/posts/{visible.pk}/flags/"


def test_moderation_post_action_api_dismiss_flags_is_a_deprecated_alias_of_dismiss_reports(
    moderator_client: Client, moderator: User, visible: Post
) -> None:
    report(visible)

    response = post_json(moderator_client, action_url(visible, "dismiss-flags"))

    assert response.status_code == 200, response.json()
    assert response.json()["open_report_count"] == 0
    assert ModerationLogEntry.objects.filter(
        action=Action.DISMISS_REPORTS, actor=moderator
    ).exists()


def test_moderation_post_action_api_unknown_action_lists_no_deprecated_alias(
    moderator_client: Client, visible: Post
) -> None:
    response = post_json(moderator_client, action_url(visible, "dismiss-all"))

    assert response.status_code == 404
    assert "dismiss-reports" in response.json()["detail"]
    assert "dismiss-flags" not in response.json()["detail"]


# The schema


def test_api_schema_describes_the_moderation_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    paths = response.json()["paths"]
    decisions = {f"/api/v1/moderation/posts/{{id}}/{action}/" for action in POST_MODERATION_APIS}
    assert {
        "/api/v1/moderation/queue/",
        "/api/v1/moderation/log/",
        "/api/v1/posts/{id}/reports/",
        *decisions,
    } <= set(paths)
    assert not any("{action}" in path for path in paths)
    queue = paths["/api/v1/moderation/queue/"]["get"]
    assert {p["name"] for p in queue["parameters"]} >= {"status", "order", "offset"}
    assert own_statuses(queue) == {"200", "400", "403"}
    for path in decisions:
        assert own_statuses(paths[path]["post"]) == {"200", "400", "403", "404", "409"}
    assert "requestBody" in paths["/api/v1/moderation/posts/{id}/reject/"]["post"]
    create = paths["/api/v1/posts/{id}/reports/"]["post"]
    assert own_statuses(create) == {"201", "400", "403", "404", "429"}
    assert "Retry-After" in create["responses"]["429"]["headers"]
    assert not create.get("deprecated")
    log = paths["/api/v1/moderation/log/"]["get"]
    assert {p["name"] for p in log["parameters"]} >= {"action", "actor", "subject", "since"}


def test_api_schema_marks_the_old_flags_paths_deprecated(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    old = [
        "/api/v1/posts/{id}/flags/",
        *(
            f"/api/v1/moderation/posts/{{id}}/{action}/"
            for action in DEPRECATED_POST_MODERATION_APIS
        ),
    ]
    assert [paths[path]["post"].get("deprecated") for path in old] == [True] * len(old)
    assert own_statuses(paths["/api/v1/posts/{id}/flags/"]["post"]) == own_statuses(
        paths["/api/v1/posts/{id}/reports/"]["post"]
    )
    assert not paths["/api/v1/moderation/posts/{id}/dismiss-reports/"]["post"].get("deprecated")
