"""Proof, faults: the servers behind the site go away under load and come back.

PostgreSQL restarted: the requests it cuts off fail cleanly (an error answer, never a half-
written comment) and the same gunicorn workers, not restarted, post again once it is back.
Redis stopped: posting goes on throughout; the notifications it could not queue are delivered
after it returns (the outbox sweep queues them again, a real worker sends them).

These restart the machine's own servers: every test running on it meanwhile sees the outage.
Each helper in tests/load/outages.py leaves its server up and answering, whatever happens.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from email import message_from_string
from pathlib import Path

import pytest
from django.db import connections
from pytest_django import Settings

from accounts.models import User
from articles.models import Article
from bench.load_server import Gunicorn, discussion_problems, sessions_for
from bench.loadgen import LoadResult, Outcome, PostingPlan, load_start
from config.celery import app
from forum.discussions.models import Post
from forum.notifications.models import Notification, NotificationEvent
from forum.notifications.tasks import notifications_sweep_task
from tests.forum.notifications.worker import Worker, mails_in, wait_until
from tests.load.conftest import KEPT, PER_REQUEST
from tests.load.outages import postgres_restart, redis_stopped

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # The server reads what this test commits. serialized_rollback: the flush after the test
    # empties the rows migrations made (roles, the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 20
REDIS_CLIENTS = 10  # fewer: a solo worker fans out every post and mails every reply
DEADLINE_SECONDS = 300
LOAD_ON_SECONDS = 60  # to see the load under way before striking
# Sweeps after Redis is back: the first queues all that was lost. Another is needed only if
# the worker looked idle between a fan-out and the mails it queued; more than that would mean
# something is never delivered.
SWEEPS = 3


def _stored(articles: list[Article]) -> set[int]:
    topic_ids = [article.discussion.pk for article in articles]
    return set(Post.objects.filter(topic_id__in=topic_ids).values_list("pk", flat=True))


def _failed_cleanly(outcome: Outcome) -> bool:
    """What a client can act on: the API's own 503 (JSON, saying when to try again), or no
    answer at all. Not an HTML error page, nor a 500 that says the site is broken."""
    if outcome.status == 0:
        return True
    return (
        outcome.status == 503
        and outcome.content_type.startswith("application/json")
        and outcome.retry_after.isdigit()
    )


# Kept connections are the case that needs proving: each worker holds one the restart has cut,
# and must notice (the health check) rather than fail its next request.
@pytest.mark.parametrize("site", [KEPT, PER_REQUEST], indirect=True)
def test_posting_fails_cleanly_and_recovers_without_a_restart_when_postgresql_restarts(
    site: Gunicorn, readers: list[User], articles: list[Article]
) -> None:
    slugs = [article.slug for article in articles]
    sessions = sessions_for(readers[:CLIENTS])
    workers = site.worker_pids()
    run = load_start(
        address=site.address,
        sessions=sessions,
        plan=PostingPlan(slugs=slugs, posts=40),
        seconds=DEADLINE_SECONDS,
    )
    wait_until(lambda: run.done >= 100, seconds=LOAD_ON_SECONDS, what="100 posts under way")

    struck = time.monotonic()
    postgres_restart()
    back = time.monotonic()
    during = run.wait()
    # The same workers post again once PostgreSQL is back, no restart of theirs in between.
    after = load_start(
        address=site.address,
        sessions=sessions,
        plan=PostingPlan(slugs=slugs, posts=5, label="Afterwards"),
        seconds=DEADLINE_SECONDS,
    ).wait()

    print(f"\nPostgreSQL restarted in {back - struck:.1f} s under load: {during.summary()}")
    print(f"afterwards: {after.summary()}")
    _print_failures(during)
    connections.close_all()  # this process's connection died with the restart too
    failed = during.failures()
    cut_off = [o for o in failed if o.started < struck]  # in flight, or queued for a worker
    print(f"failed: {len(failed)}, of which begun before the restart {len(cut_off)}")
    assert cut_off, "the restart should have cut off requests in flight"
    assert [o for o in during.outcomes if o.status != 201 and not _failed_cleanly(o)] == []
    assert all(o.started < back for o in failed), "a request begun after the restart failed"
    assert after.statuses() == {201: CLIENTS * 5}
    assert site.worker_pids() == workers
    stored = _stored(articles)
    answered = {o.post_id for o in [*during.created(), *after.created()]}
    assert answered <= stored
    # A comment may be committed and its answer then cut off; never more of them than that.
    assert len(stored - answered) <= len(failed)
    assert discussion_problems([article.discussion.pk for article in articles]) == []


def _print_failures(result: LoadResult) -> None:
    kinds: dict[str, int] = {}
    for outcome in result.failures():
        kind = f"{outcome.status} {outcome.error[:80]}".strip()
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, count in sorted(kinds.items()):
        print(f"  failed x{count}: {kind}")


def _mails_to(folder: Path) -> Counter[str]:
    """Each mail written to `folder`, by its To address. Counted by message, not by file: the
    file backend appends to one file what backends at the same address send within a second."""
    separator = "\n" + "-" * 79 + "\n"
    messages = [
        message_from_string(text)
        for mail in mails_in(folder)
        for text in mail.read_text().split(separator)
        if text.strip()
    ]
    return Counter(str(message["To"]) for message in messages)


def test_posting_goes_on_and_notifications_follow_when_redis_stops_under_load(
    site: Gunicorn,
    start_worker: Callable[..., Worker],
    mail_folder: Path,
    readers: list[User],
    articles: list[Article],
    settings: Settings,
) -> None:
    worker = start_worker()
    run = load_start(
        address=site.address,
        sessions=sessions_for(readers[:REDIS_CLIENTS]),
        plan=PostingPlan(slugs=[article.slug for article in articles[:2]], posts=30),
        seconds=DEADLINE_SECONDS,
    )
    wait_until(lambda: run.done >= 40, seconds=LOAD_ON_SECONDS, what="40 posts under way")

    with redis_stopped():
        stopped = time.monotonic()
        posted_before = run.done
        wait_until(
            lambda: run.done >= posted_before + 60,
            seconds=LOAD_ON_SECONDS,
            what="60 posts while Redis is down",
        )
        restarting = time.monotonic()
    result = run.wait()

    print(f"\nRedis down for {restarting - stopped:.1f} s under load: {result.summary()}")
    assert result.statuses() == {201: len(result.outcomes)}
    assert result.unsent == 0
    while_down = [o for o in result.created() if o.started > stopped and o.ended < restarting]
    replies_while_down = [o.post_id for o in while_down if o.parent is not None]
    assert len(replies_while_down) >= 10

    # What beat sends every minute, here at once and with no grace: the sweep queues again the
    # events whose tasks never reached Redis, or were lost with it (it was shut down unsaved),
    # and the mails of those the worker fanned out while its own queueing failed.
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    posts = Post.objects.filter(pk__in=[o.post_id for o in result.created()])
    unprocessed = NotificationEvent.objects.filter(post__in=posts, processed_at__isnull=True)
    pending = Notification.objects.filter(post__in=posts, email_status="pending")
    swept = time.monotonic()
    for _ in range(SWEEPS):
        notifications_sweep_task()
        wait_until(worker.is_idle, seconds=120, what="the worker is done with what was swept")
        if not unprocessed.exists() and not pending.exists():
            break
    print(f"delivered {time.monotonic() - swept:.1f} s after the first sweep")

    assert not unprocessed.exists()
    assert not pending.exists()
    replies = Post.objects.filter(pk__in=replies_while_down).select_related("reply_to")
    told = {
        (n.post_id, n.recipient_id): n.email_status
        for n in Notification.objects.filter(post__in=replies, kind="reply")
    }
    expected = {
        (r.pk, r.reply_to.author_id) for r in replies if r.reply_to.author_id != r.author_id
    }
    assert expected
    assert {key: told.get(key) for key in expected} == dict.fromkeys(expected, "sent")
    # Every mail went once, however many times the sweep queued it.
    sent = Notification.objects.filter(post__in=posts, email_status="sent")
    assert _mails_to(mail_folder) == Counter(sent.values_list("recipient__email", flat=True))
    assert discussion_problems([article.discussion.pk for article in articles]) == []
    assert app.control.ping(destination=[worker.name], timeout=1.0)
