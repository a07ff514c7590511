"""Readers reporting posts. Enough reports from different readers hide a post for review."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.permissions import posting_refusal

from ..models import Flag, ModerationLogEntry, NotificationEvent, Post
from ..permissions import ALREADY_WITH_MODERATORS, OWN_COMMENT_REPORTED, topic_write_refusal
from .audit import log_entry_create
from .notifications import event_record
from .posts import RateLimited, post_status_apply


def _check_flag_rate(reporter: User) -> None:
    """Precondition: the caller holds the reporter's row lock."""
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Flag.objects.filter(reporter=reporter, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: settings.FORUM_FLAGS_PER_HOUR]
    )
    if len(recent) >= settings.FORUM_FLAGS_PER_HOUR:
        wait = (recent[-1] + timedelta(hours=1) - timezone.now()).total_seconds()
        raise RateLimited(retry_after=max(1, math.ceil(wait)))


@transaction.atomic
def flag_create(*, post: Post, reporter: User, reason: str, text: str = "") -> Flag:
    """Report a visible post, once. At FORUM_FLAG_THRESHOLD open reports from different
    readers the post is hidden until a moderator looks at it."""
    if refusal := posting_refusal(reporter):
        raise PermissionDenied(refusal.message)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose one of the listed reasons."})
    text = text.strip()
    if reason == Flag.Reason.OTHER and not text:
        raise ValidationError({"text": "Say what is wrong with this comment."})
    reporter = User.objects.select_for_update(no_key=True).get(pk=reporter.pk)
    if refusal := posting_refusal(reporter):  # again on the row as it is: banned meanwhile?
        raise PermissionDenied(refusal.message)
    post = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic__article", "topic__opening_post")
        .get(pk=post.pk)
    )
    if refusal := topic_write_refusal(post.topic):
        raise PermissionDenied(refusal.message)
    if post.author_id == reporter.pk:
        raise PermissionDenied(OWN_COMMENT_REPORTED)
    if post.status != Post.Status.VISIBLE:
        raise ValidationError({"post": ALREADY_WITH_MODERATORS})
    _check_flag_rate(reporter)
    flag = Flag(post=post, reporter=reporter, reason=reason, text=text)
    flag.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise ValidationError({"post": "You already reported this comment."}) from None
    Post.objects.filter(pk=post.pk).update(
        open_flag_count=F("open_flag_count") + 1,
        flagged_at=Coalesce(F("flagged_at"), timezone.now()),
    )
    post.refresh_from_db(fields=["open_flag_count", "flagged_at"])
    if post.open_flag_count >= settings.FORUM_FLAG_THRESHOLD:
        reasons = sorted(
            set(post.flags.filter(status=Flag.Status.OPEN).values_list("reason", flat=True))
        )
        post.held_reason = f"Reported by {post.open_flag_count} readers ({', '.join(reasons)})."
        post.held_at = timezone.now()
        post.save(update_fields=["held_reason", "held_at"])
        post_status_apply(post, Post.Status.PENDING)
        log_entry_create(
            action=ModerationLogEntry.Action.HOLD,
            post=post,
            from_state=Post.Status.VISIBLE,
            to_state=Post.Status.PENDING,
            reason=post.held_reason,
        )
        event_record(kind=NotificationEvent.Kind.POST_FLAGGED, post=post, reason=post.held_reason)
    return flag
