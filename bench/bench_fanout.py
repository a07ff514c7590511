"""Proof, benchmark 4: fanning a new post out to 10,000 watchers of its topic against a raw
bulk insert of the same 10,000 notifications. Target: at least half its speed (the fan-out
takes at most twice as long).

The fan-out is the task's own service, `notification_event_fan_out`: it reads the watchers,
drops the unreachable, looks up each one's delivery preference, inserts in batches of 1000
and marks the event done, all in one transaction. The baseline builds the same rows from the
ids already in memory and bulk-inserts them in batches of 1000 (one transaction too).
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from bench.measure import Comparison, profile_top, query_mix, settle, timed
from bench.people import users_bulk_create
from forum.discussions.models import Post, path_segment
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.services.fanout import notification_event_fan_out
from tests.factories import ArticleFactory

WATCHERS = 10_000
RUNS = 5  # timed runs each way, taking turns, after one untimed
BATCH = 1000
IN_APP_EVERY = 10  # one watcher in ten has chosen "in the site only" over the daily digest
MAX_RATIO = 2.0
# The steps of the fan-out, for the profile on a miss: what share of the time each takes.
STAGES = {
    "who hears of it (watchers, mentions, mutes)": (
        "forum/notifications/services/fanout.py:_audience"
    ),
    "their delivery preferences": "forum/notifications/services/fanout.py:_deliveries",
    "Notification objects built": "django/db/models/base.py:__init__",
    "bulk_create": "django/db/models/query.py:bulk_create",
    "commit": "django/db/backends/base/base.py:_commit",
}


class Scene:
    """A visible comment in a topic with WATCHERS watchers, and what each should be told."""

    def __init__(self) -> None:
        self.poster = users_bulk_create("bench_fan_poster_", 1)[0]
        watchers = users_bulk_create("bench_watcher_", WATCHERS)
        topic = ArticleFactory(title="Heavy rare earths: who watches the watchers").discussion
        self.post = Post.objects.create(
            topic=topic,
            author=self.poster,
            body="Dysprosium is the one to watch.",
            body_html="<p>Dysprosium is the one to watch.</p>",
        )
        self.post.path = path_segment(self.post.pk)
        self.post.save(update_fields=["path"])
        # The poster watches too (posting does that) and is not told of their own post.
        TopicSubscription.objects.bulk_create(
            [
                TopicSubscription(user=user, topic=topic, level=TopicSubscription.Level.WATCHING)
                for user in [self.poster, *watchers]
            ],
            batch_size=BATCH,
        )
        in_app = watchers[::IN_APP_EVERY]
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(
                    user=user, kind=NotificationKind.WATCHED_TOPIC, delivery=Delivery.IN_APP
                )
                for user in in_app
            ],
            batch_size=BATCH,
        )
        in_app_ids = {user.pk for user in in_app}
        self.deliveries = {
            user.pk: Delivery.IN_APP if user.pk in in_app_ids else Delivery.DIGEST
            for user in watchers
        }

    def event(self) -> NotificationEvent:
        """A fresh outbox row for the post, as post_create writes it."""
        return NotificationEvent.objects.create(
            kind=NotificationEvent.Kind.POST_PUBLISHED, post=self.post, actor=self.poster
        )

    def fan_out(self, event: NotificationEvent) -> None:
        written = notification_event_fan_out(event_id=event.pk).written
        assert written == WATCHERS, written  # noqa: S101 - the rows compared must be the same

    def raw_insert(self, event: NotificationEvent) -> None:
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user_id,
                    event=event,
                    kind=NotificationKind.WATCHED_TOPIC,
                    delivery=delivery,
                    post=self.post,
                    actor=self.poster,
                    email_status=Notification.EmailStatus.NONE,
                )
                for user_id, delivery in self.deliveries.items()
            ],
            batch_size=BATCH,
        )


def _rows(event: NotificationEvent) -> QuerySet[Notification, tuple[object, ...]]:
    return Notification.objects.filter(event=event).values_list(
        "recipient_id", "kind", "delivery", "post_id", "actor_id", "email_status"
    )


def _clear(event: NotificationEvent) -> None:
    """Delete between runs, so every run inserts into the same table."""
    Notification.objects.filter(event=event).delete()
    event.delete()


def run() -> Comparison:
    print(
        f"fan-out: notification_event_fan_out to {WATCHERS:,} watchers against "
        f"Notification.objects.bulk_create of the same {WATCHERS:,} rows"
    )
    scene = Scene()

    # Untimed first round, which also proves both write the same rows.
    fanned, raw = scene.event(), scene.event()
    scene.fan_out(fanned)
    scene.raw_insert(raw)
    assert set(_rows(fanned)) == set(_rows(raw))  # noqa: S101
    assert User.objects.filter(pk=scene.poster.pk, notifications__isnull=False).count() == 0  # noqa: S101
    _clear(fanned)
    _clear(raw)

    fan_out_times: list[float] = []
    raw_times: list[float] = []
    for run_number in range(RUNS):
        sides = [(scene.fan_out, fan_out_times), (scene.raw_insert, raw_times)]
        for write, times in sides if run_number % 2 == 0 else reversed(sides):
            event = scene.event()
            settle()
            times.append(timed(lambda write=write, event=event: write(event)))
            _clear(event)

    event = scene.event()
    fan_out_mix = query_mix(lambda: scene.fan_out(event))
    _clear(event)
    event = scene.event()
    raw_mix = query_mix(lambda: scene.raw_insert(event))
    _clear(event)
    comparison = Comparison(
        title=f"notification fan-out to {WATCHERS:,} watchers",
        measured="notification_event_fan_out",
        baseline="Notification.objects.bulk_create",
        unit=f"{WATCHERS:,} notifications",
        measured_times=fan_out_times,
        baseline_times=raw_times,
        max_ratio=MAX_RATIO,
        target="at least half its speed",
        notes=[
            f"{RUNS} runs each way, taking turns, after one untimed each; the rows are deleted "
            "between runs; both sides write identical rows (checked)",
            f"watchers: {WATCHERS:,} active accounts, one in {IN_APP_EVERY} with a delivery "
            "preference; the poster watches too and is left out",
            "baseline: rows built from the ids already in memory, then bulk_create in "
            f"batches of {BATCH} (one transaction)",
            f"statements per fan-out: {fan_out_mix}; per raw insert: {raw_mix}",
        ],
    )
    print(comparison.report())
    for note in comparison.notes:
        print(f"  - {note}")
    if not comparison.met:
        event = scene.event()
        print("  profile of one fan-out, top 10 by cumulative time:")
        comparison.profile = profile_top(lambda: scene.fan_out(event), stages=STAGES)
        print("\n".join(comparison.profile))
        _clear(event)
    return comparison
