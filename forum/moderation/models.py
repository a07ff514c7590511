"""What moderators work with: word lists, readers' reports, the log of every decision, and the
watch on coordinated pushes."""

from __future__ import annotations

import re
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic


class WordRule(models.Model):
    """A word or phrase that refuses (banned) or holds (suspect) a post that contains it."""

    class Kind(models.TextChoices):
        BANNED = "banned", "Banned: the post is refused"
        SUSPECT = "suspect", "Suspect: the post is held for a moderator"

    phrase = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forum_wordrule"  # made before the forum was split into apps
        ordering = ["kind", "phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.kind})"


class Report(models.Model):
    """A reader's report of a post, once per reader and post."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        UPHELD = "upheld", "Upheld"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    text = models.CharField(max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1,
        db_default=1,
        help_text="How many reports it counts for: by the reader's trust level.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table's old name, from before the forum was split into apps and before "flag"
        # became "report"; its index and constraint names below keep "flag" likewise, so that
        # the rename renamed no table, index or constraint.
        db_table = "forum_flag"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="flag_once_per_reader")
        ]
        indexes = [
            models.Index(fields=["reporter", "-created_at"], name="flag_reporter_recent"),
            models.Index(
                fields=["post", "created_at"],
                name="flag_open_by_post",
                condition=models.Q(status="open"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on post {self.post_id}"


class ModerationLogEntry(models.Model):
    """One moderation decision or account-state change. Append-only: never edited or deleted."""

    class Action(models.TextChoices):
        HOLD = "hold", "Held by a rule"
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        REMOVE = "remove", "Removed"
        RESTORE = "restore", "Restored"
        SPAM = "spam", "Marked as spam"
        DISMISS_REPORTS = "dismiss_reports", "Reports dismissed"
        FEATURE = "feature", "Featured"
        UNFEATURE = "unfeature", "Unfeatured"
        CLOSE_TOPIC = "close_topic", "Topic closed"
        OPEN_TOPIC = "open_topic", "Topic reopened"
        EDIT = "edit", "Edited"
        SUSPEND = "suspend", "User suspended"
        BAN = "ban", "User banned"
        REINSTATE = "reinstate", "User reinstated"
        DELETE_ACCOUNT = "delete_account", "Account deleted"
        TRUST = "trust", "Author trusted"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when a rule acted.",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log_entries",
        help_text="The account acted on, or the author of the post.",
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    held_code = models.CharField(
        max_length=30,
        choices=HoldCode.choices,
        blank=True,
        help_text="A hold: which rule held the post (its text is the reason).",
    )
    body_before = models.TextField(
        blank=True, help_text="A moderator's edit: the post's text before it."
    )
    body_after = models.TextField(blank=True, help_text="A moderator's edit: the text it left.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "forum_moderationlogentry"  # made before the forum was split into apps
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "moderation log entries"
        indexes = [
            models.Index(fields=["action", "-created_at"], name="log_action_recent"),
            models.Index(fields=["actor", "-created_at"], name="log_actor_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The log is evidence: an entry, once written, stays as it was.
        if self.pk is not None:
            raise ValueError("Moderation log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Moderation log entries cannot be deleted.")


class AccountStateChange(models.Model):
    """One change of an account's state: who made it, when, why. Never edited afterwards."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=10, choices=User.State.choices)
    to_state = models.CharField(max_length=10, choices=User.State.choices)
    until = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_accountstatechange"  # made when accounts wrote the records
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.from_state} → {self.to_state}"


class FinanceRules(models.Model):
    """How the finance-risk rules (forum/moderation/finance/) hold posts: one row, pk 1,
    tuned by administrators in the admin. The pump and promotion checks apply to every author
    but discussion staff, whatever their standing."""

    pump_enabled = models.BooleanField(
        "hold pump language near a ticker", default=True, help_text="Held as `pump`."
    )
    pump_window = models.PositiveSmallIntegerField(
        "how near",
        default=150,
        help_text="Characters between a ticker and pump language for the two to count together.",
    )
    pump_min_multiple = models.PositiveSmallIntegerField(
        "smallest multiple",
        default=5,
        help_text='"5x" and more count as pump language; "25x earnings" and the like never do.',
    )
    pump_phrases = models.TextField(
        "hype and urgency phrases",
        blank=True,
        help_text="One a line, matched as whole words in any case, with any spacing: "
        '"last chance", "load up now". Multiples, "to the moon" and dated price targets '
        "are found without being listed.",
    )
    promotion_enabled = models.BooleanField(
        "hold promotion links",
        default=True,
        help_text="Held as `promotion_link`, for links matching the promotion patterns.",
    )
    disclosure_enabled = models.BooleanField(
        "hold pumps without a disclosure",
        default=True,
        help_text="Held as `undisclosed_position`: pump language about a ticker in which the "
        "author disclosed no position (long, short or none).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "finance rules"

    def __str__(self) -> str:
        return "Finance rules"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # one row: the rules in force
        super().save(*args, **kwargs)

    @property
    def phrase_list(self) -> list[str]:
        return [" ".join(line.split()) for line in self.pump_phrases.splitlines() if line.strip()]


class PromotionPattern(models.Model):
    """A kind of link that holds a post as paid promotion."""

    class Kind(models.TextChoices):
        DOMAIN = "domain", "Domain: the host or any subdomain of it (t.me, beehiiv.com)"
        PREFIX = "prefix", "Host and path prefix (discord.com/invite)"
        PARAMETER = "parameter", "Query parameter, on any link (ref, referral, invite)"
        REGEX = "regex", "Regular expression on the whole link, without its scheme"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    pattern = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "pattern"], name="promotion_pattern_once")
        ]

    def __str__(self) -> str:
        return f"{self.pattern} ({self.kind})"

    def clean(self) -> None:
        pattern = self.pattern.strip()
        if self.kind == self.Kind.REGEX:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValidationError({"pattern": f"Not a regular expression: {error}."}) from None
        else:
            pattern = pattern.lower().removeprefix("https://").removeprefix("http://")
            if not pattern or any(char.isspace() for char in pattern):
                raise ValidationError({"pattern": "Give a domain, path or name without spaces."})
        self.pattern = pattern


class PushWatch(models.Model):
    """What one ticker, or one text, was posted by lately: the coordinated-push rule's memory
    (forum/moderation/coordinated.py), one row per key. Its row lock puts the posts naming the
    key one after the other, so concurrent posts of a push are each judged with the others seen.
    Rows idle for longer than the window hold nothing of use and are pruned."""

    key = models.CharField(max_length=100, unique=True, help_text='"ticker:MP" or "text:<hash>".')
    recent = models.JSONField(
        default=list, help_text="[author id, ISO time] of the posts within the window."
    )
    push_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When a post of the latest push was last held."
    )
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
