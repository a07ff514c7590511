from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30
# The rule of a handle, as a regular expression the server and the browser (the sign-up form's
# `pattern`, anchored there implicitly) both read.
HANDLE_PATTERN = rf"[A-Za-z0-9_]{{{HANDLE_MIN_LENGTH},{HANDLE_MAX_LENGTH}}}"
BIO_MAX_LENGTH = 500

handle_validator = RegexValidator(
    rf"^{HANDLE_PATTERN}\Z",
    "A handle is 3 to 30 letters, digits or underscores.",
    code="invalid_handle",
)


def avatar_upload_to(user: User, filename: str) -> str:
    return f"avatars/{user.pk}-{timezone.now():%Y%m%d%H%M%S}.png"


class User(AbstractUser):
    """A person on the site, known publicly by a unique handle (the username, for @mentions)."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        BANNED = "banned", "Banned"
        DELETED = "deleted", "Deleted"

    username = models.CharField(
        "handle",
        max_length=HANDLE_MAX_LENGTH,
        unique=True,
        validators=[handle_validator],
        help_text="3 to 30 letters, digits or underscores. Others @mention you by it.",
        error_messages={"unique": "That handle is taken."},
    )
    display_name = models.CharField(max_length=60, blank=True)
    bio = models.TextField(max_length=BIO_MAX_LENGTH, blank=True)
    avatar = models.ImageField(upload_to=avatar_upload_to, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    suspended_until = models.DateTimeField(null=True, blank=True)
    state_reason = models.TextField(blank=True)
    # What the forum's trust levels weigh besides posts (forum/moderation/trust.py). Kept on
    # the account's row, which posting reads under its lock already: weighing them costs
    # posting no query. Defaults in the database too, so that code from before them (a
    # rolling deploy, a migration test at an earlier state) still inserts accounts.
    visit_days = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Days on which the account was used."
    )
    last_visit_on = models.DateField(null=True, blank=True)
    upheld_reports = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="Posts of theirs rejected or removed on readers' reports.",
    )
    trust_level_granted = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        help_text="The trust level a moderator granted: the author holds at least it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_handle_unique_ci"),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
            models.CheckConstraint(
                condition=~Q(state="suspended") | Q(suspended_until__isnull=False),
                name="user_suspension_has_end",
            ),
        ]
        permissions = [
            ("suspend_user", "Can suspend users"),
            ("ban_user", "Can ban users"),
        ]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"handle": self.username})

    @property
    def handle(self) -> str:
        return self.username

    @property
    def effective_state(self) -> User.State:
        """The state in force now: a suspension whose end has passed no longer holds."""
        # A suspension always has its end (the constraint user_suspension_has_end).
        ends = self.suspended_until
        if self.state == self.State.SUSPENDED and ends is not None and ends <= timezone.now():
            return self.State.ACTIVE
        return self.State(self.state)

    @property
    def public_name(self) -> str:
        if self.state == self.State.DELETED:
            return "deleted user"
        return self.display_name or self.username


class NotificationKind(models.TextChoices):
    REPLY = "reply", "Replies to my comments"
    MENTION = "mention", "@mentions of me"
    WATCHED_TOPIC = "watched_topic", "New posts in topics I watch"
    MODERATION_OUTCOME = "moderation_outcome", "Decisions on my held posts"
    ARTICLE_CORRECTED = "article_corrected", "Corrections and updates to articles I discussed"
    MODERATION_QUEUE = "moderation_queue", "New items in the moderation queue (moderators)"
    MODERATION_REPORTED = "moderation_reported", "Posts reaching the report threshold (moderators)"
    MODERATION_REMINDER = "moderation_reminder", "Items waiting over 24 hours (moderators)"
    MODERATION_ALERT = "moderation_alert", "Coordinated pushes by several accounts (moderators)"


class Delivery(models.TextChoices):
    IN_APP = "in_app", "In the site only"
    EMAIL = "email", "In the site and by email at once"
    DIGEST = "digest", "In the site and in a daily email digest"
    OFF = "off", "Off"


DEFAULT_DELIVERY: dict[str, str] = {
    NotificationKind.REPLY: Delivery.EMAIL,
    NotificationKind.MENTION: Delivery.EMAIL,
    NotificationKind.WATCHED_TOPIC: Delivery.DIGEST,
    NotificationKind.MODERATION_OUTCOME: Delivery.EMAIL,
    NotificationKind.ARTICLE_CORRECTED: Delivery.EMAIL,
    NotificationKind.MODERATION_QUEUE: Delivery.DIGEST,
    NotificationKind.MODERATION_REPORTED: Delivery.EMAIL,
    NotificationKind.MODERATION_REMINDER: Delivery.EMAIL,
    NotificationKind.MODERATION_ALERT: Delivery.EMAIL,
}


class NotificationPreference(models.Model):
    """A user's choice for one kind; kinds without a row use DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"
