"""The coordinated-push rule: COORDINATED_PUSH_ACCOUNTS accounts younger than
COORDINATED_PUSH_ACCOUNT_AGE_DAYS naming one ticker within COORDINATED_PUSH_WINDOW_MINUTES, or
the same text from two accounts within it, hold the later posts and raise one alert for the
push, not one per post.

Each ticker and each text is a key with a PushWatch row. A post locks its keys' rows (in key
order, so two posts never wait for each other crosswise) and reads there who posted them within
the window: concurrent posts of one push are judged one after the other, each seeing those
before. A push goes on while its posts keep coming: the alert is raised by the first post held
after a quiet window.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from companies.tickers import bare_symbol
from forum.moderation.models import PushWatch
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent

_NOT_ALNUM = re.compile(r"[\W_]+")
TEXT = "text:"
TICKER = "ticker:"


def text_key(body: str) -> str | None:
    """The key of a post's text, normalised: letters and digits only, case and compatibility
    forms folded. None for a text too short to tell a push from a common phrase."""
    folded = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", body).casefold())
    if len(folded) < settings.COORDINATED_PUSH_MIN_TEXT_LENGTH:
        return None
    return TEXT + hashlib.sha256(folded.encode()).hexdigest()[:40]


def is_young(author: User, now: datetime) -> bool:
    return now - author.date_joined < timedelta(days=settings.COORDINATED_PUSH_ACCOUNT_AGE_DAYS)


def push_keys(*, author: User, body: str, tickers: Iterable[str], now: datetime) -> dict[str, int]:
    """The keys a new post counts under, each with how many accounts make a push of it.
    Only young accounts count under a ticker, whichever way they write it (`$LYC`, `ASX:LYC`
    and `LYC.AX` are one key); every account under a text."""
    keys: dict[str, int] = {}
    if is_young(author, now):
        for ticker in tickers:
            keys[TICKER + bare_symbol(ticker)] = settings.COORDINATED_PUSH_ACCOUNTS
    if key := text_key(body):
        keys[key] = 2
    return keys


def _watches_locked(keys: list[str], now: datetime) -> list[PushWatch]:
    """The keys' rows, made if new and row-locked, in key order. Two statements: a concurrent
    maker of the same row is waited for by the first, its writes seen by the second."""
    PushWatch.objects.bulk_create(
        [PushWatch(key=key, updated_at=now) for key in keys], ignore_conflicts=True
    )
    return list(PushWatch.objects.select_for_update().filter(key__in=keys).order_by("key"))


def _describe(key: str, accounts: int) -> str:
    if key.startswith(TICKER):
        days = settings.COORDINATED_PUSH_ACCOUNT_AGE_DAYS
        return (
            f"{accounts} accounts younger than {days} days named ${key.removeprefix(TICKER)} "
            "within the hour."
        )
    return f"The same text came from {accounts} accounts within the hour."


def coordinated_push(*, author: User, body: str, tickers: Iterable[str]) -> tuple[str, bool] | None:
    """Whether a new post by `author` is part of a push: what moderators read, and whether it
    starts the push (the caller raises the alert then). Records the post under its keys.

    Precondition: inside the posting transaction, which keeps the rows locked until the post is
    written.
    """
    now = timezone.now()
    keys = push_keys(author=author, body=body, tickers=tickers, now=now)
    if not keys:
        return None
    since = now - timedelta(minutes=settings.COORDINATED_PUSH_WINDOW_MINUTES)
    watches = _watches_locked(sorted(keys), now)
    found: list[str] = []
    starts = False
    for watch in watches:
        recent = [entry for entry in watch.recent if datetime.fromisoformat(entry[1]) >= since]
        recent.append([author.pk, now.isoformat()])
        watch.recent, watch.updated_at = recent, now
        accounts = len({author_id for author_id, _ in recent})
        if accounts >= keys[watch.key]:
            found.append(_describe(watch.key, accounts))
            starts = starts or watch.push_seen_at is None or watch.push_seen_at < since
            watch.push_seen_at = now
    PushWatch.objects.bulk_update(watches, ["recent", "push_seen_at", "updated_at"])
    return (" ".join(found), starts) if found else None


def push_alert_record(text: str) -> None:
    """Tell the moderators of a push starting (through the outbox, after commit)."""
    event_record(kind=NotificationEvent.Kind.COORDINATED_PUSH, reason=text)


def push_watches_prune() -> int:
    """Forget keys nobody posted within the window. Returns how many."""
    since = timezone.now() - timedelta(minutes=settings.COORDINATED_PUSH_WINDOW_MINUTES)
    deleted, _ = PushWatch.objects.filter(updated_at__lt=since).delete()
    return deleted
