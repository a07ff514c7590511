"""Readers reporting posts. Enough reports from different readers hide a post for review; a
report from a reader of higher trust counts for more (forum/moderation/trust.py)."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.permissions import logged_in_user, posting_refusal
from accounts.viewer import Viewer
from config.web.errors import RateLimited
from forum.discussions.models import HoldCode, Post
from forum.discussions.permissions import (
    ALREADY_WITH_MODERATORS,
    OWN_COMMENT_REPORTED,
    topic_write_refusal,
)
from forum.discussions.services.post_status import post_hold_apply
from forum.moderation.models import Report
from forum.moderation.permissions import ALREADY_REPORTED
from forum.moderation.trust import author_trust_level, report_weight
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent


def _check_report_rate(reporter: User) -> None:
    """Precondition: the caller holds the reporter's row lock."""
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        Report.objects.filter(reporter=reporter, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: settings.FORUM_REPORTS_PER_HOUR]
    )
    if len(recent) >= settings.FORUM_REPORTS_PER_HOUR:
        wait = (recent[-1] + timedelta(hours=1) - timezone.now()).total_seconds()
        raise RateLimited(
            retry_after=max(1, math.ceil(wait)),
            what="You have reported many comments in the last hour.",
        )


@transaction.atomic
def report_create(
    *, post: Post, reporter: User | AnonymousUser, reason: str, text: str = ""
) -> Report:
    """Report a visible post, once. When its open reports reach FORUM_REPORT_THRESHOLD, each
    counted at its reader's weight (FORUM_TRUST_REPORT_WEIGHTS), the post is hidden until a
    moderator looks at it."""
    if refusal := posting_refusal(Viewer.of(reporter)):
        raise PermissionDenied(refusal.message)
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": "Choose one of the listed reasons."})
    text = text.strip()
    if reason == Report.Reason.OTHER and not text:
        raise ValidationError({"text": "Say what is wrong with this comment."})
    reporter = User.objects.select_for_update(no_key=True).get(pk=logged_in_user(reporter).pk)
    if refusal := posting_refusal(Viewer.of(reporter)):  # again on the row: banned meanwhile?
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
    _check_report_rate(reporter)
    weight = report_weight(author_trust_level(reporter))
    report = Report(post=post, reporter=reporter, reason=reason, text=text, weight=weight)
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError({"post": ALREADY_REPORTED}) from None
    Post.objects.filter(pk=post.pk).update(
        open_report_count=F("open_report_count") + 1,
        reported_at=Coalesce(F("reported_at"), timezone.now()),
    )
    post.refresh_from_db(fields=["open_report_count", "reported_at"])
    _hide_when_reports_weigh_enough(post)
    return report


def _hide_when_reports_weigh_enough(post: Post) -> None:
    """Hold the post for a moderator once its open reports, each at its reader's weight,
    reach FORUM_REPORT_THRESHOLD; logged, and moderators told."""
    open_reports = list(
        post.reports.filter(status=Report.Status.OPEN).values_list("reason", "weight")
    )
    weighs = sum(weight for _, weight in open_reports)
    if weighs < settings.FORUM_REPORT_THRESHOLD:
        return
    reasons = sorted({reason for reason, _ in open_reports})
    by_trust = f", weighing {weighs} by their trust" if weighs != len(open_reports) else ""
    post_hold_apply(
        post,
        code=HoldCode.REPORTS,
        reason=f"Reported by {post.open_report_count} readers{by_trust} ({', '.join(reasons)}).",
    )
    event_record(kind=NotificationEvent.Kind.POST_REPORTED, post=post, reason=post.held_reason)
