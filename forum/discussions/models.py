from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from forum.discussions.imported import ImportSource as ImportSource

ARTICLES_CATEGORY_SLUG = "articles"


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    is_open = models.BooleanField(
        default=True, help_text="Whether readers may start topics here (staff always may)."
    )
    premoderate = models.BooleanField(
        default=False, help_text="Hold every post in this category for a moderator."
    )

    class Meta:
        db_table = "forum_category"  # made before the forum was split into apps
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})


class Topic(models.Model):
    """A discussion. A topic tied to an article holds the comments under that article."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    article = models.OneToOneField(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="discussion",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    post_count = models.PositiveIntegerField(
        default=0,
        help_text="Visible comments, not counting a forum topic's opening post.",
    )
    opening_post = models.OneToOneField(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What a forum topic opens with; article topics open with the article.",
    )
    is_closed = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    premoderate = models.BooleanField(
        default=False, help_text="Hold every post in this discussion for a moderator."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    discussion_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Moves, in the same transaction, whenever anything shown in the threads changes: "
        "rendered threads are cached under it (forum/fragments.py).",
    )

    class Meta:
        db_table = "forum_topic"  # made before the forum was split into apps
        ordering = ["-is_pinned", "-last_activity_at"]
        indexes = [
            models.Index(
                fields=["category", "-is_pinned", "-last_activity_at"],
                name="topic_category_activity",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:topic", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def comments_url(self) -> str:
        """Where the comments are read: under the article, or on the topic page."""
        return self.article.get_absolute_url() if self.article else self.get_absolute_url()


PATH_SEGMENT_WIDTH = 10


def path_segment(post_id: int) -> str:
    """A post id as a fixed-width run of digits, so paths sort in tree order as text under any
    database collation."""
    return f"{post_id:0{PATH_SEGMENT_WIDTH}d}"


class HoldCode(models.TextChoices):
    """Which rule held a post for a moderator (forum/moderation/gate.py, or readers' reports):
    what moderators' tools decide by. The words moderators read go beside it, in held_reason.
    An edit held again keeps the code of the rule that held it."""

    PREMODERATED = "premoderated", "Every post in the discussion is reviewed"
    SUSPECT_WORD = "suspect_word", "A word on the watch list"
    FIRST_POST = "first_post", "A first post"
    MANY_LINKS = "many_links", "Many links from an author without standing"
    REPORTS = "reports", "Hidden by readers' reports"
    PUMP = "pump", "Pump language near a ticker"
    PROMOTION_LINK = "promotion_link", "A link to paid promotion"
    UNDISCLOSED_POSITION = "undisclosed_position", "Pumps a ticker without a disclosure"
    COORDINATED = "coordinated", "Part of a coordinated push"
    LOW_TRUST = "low_trust", "An author whose posts were taken down on readers' reports"


class Position(models.TextChoices):
    """What an author discloses holding in a ticker their post names."""

    LONG = "long", "Long"
    SHORT = "short", "Short"
    NONE = "none", "No position"


class Post(models.Model):
    """A comment or forum post.

    Threads are a materialised path: `path` is the ancestors' segments and the post's own, so
    ordering a thread by path reads it depth first, oldest sibling first, in one query. `parent`
    is where the post sits in the tree, `reply_to` the post it answers: they differ when a
    reply deeper than the visible depth is attached at the deepest level.
    """

    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        PENDING = "pending", "Pending moderation"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed"
        DELETED = "deleted", "Deleted"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The top-level post of the thread; empty on a top-level post itself.",
    )
    path = models.CharField(max_length=255, blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    reply_count = models.PositiveIntegerField(
        default=0, help_text="Visible direct replies, kept by the services."
    )
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderator_edited_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a moderator last edited another's post: it shows as edited by a "
        "moderator, not by its author.",
    )
    held_code = models.CharField(
        max_length=30,
        choices=HoldCode.choices,
        blank=True,
        help_text="Which rule held the post: what moderators' tools decide by.",
    )
    held_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the rule held the post, for moderators."
    )
    held_at = models.DateTimeField(null=True, blank=True)
    hold_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Every rule that held the post, first the one in held_code: "
        '[{"code": "pump", "text": "...", "spans": [[start, end], ...]}], the spans marking '
        "what it found in the body.",
    )
    tickers = models.JSONField(
        default=list,
        blank=True,
        help_text='The tickers and companies the body names, as symbols: ["MP", "LYC.AX"].',
    )
    disclosure = models.JSONField(
        default=dict,
        blank=True,
        help_text='The author\'s positions in the tickers named: {"MP": "long"}.',
    )
    moderation_reason = models.TextField(
        blank=True, help_text="Why a moderator rejected or removed it; its author sees this."
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_featured = models.BooleanField(default=False)
    open_report_count = models.PositiveIntegerField(default=0)
    reported_at = models.DateTimeField(
        null=True, blank=True, help_text="When the oldest open report was raised."
    )
    # On the post itself rather than a row of its own beside it: an import writes thousands
    # of posts a second, and a second row for each was a tenth of its work.
    imported_from = models.CharField(
        max_length=20,
        blank=True,
        choices=ImportSource.choices,
        help_text="The comment system an imported comment came from.",
    )
    # NULL, not "", for a post written here: full_clean then sees at once that the unique
    # constraint below cannot apply, where an empty id cost every new post a lookup.
    external_id = models.CharField(  # noqa: DJ001
        max_length=100,
        null=True,
        blank=True,
        help_text="An imported comment's id in the export, by which importing again finds it.",
    )

    class Meta:
        db_table = "forum_post"  # made before the forum was split into apps
        ordering = ["path"]
        constraints = [
            # Led by the comment's id, not its source (one value for most rows): migration 0013.
            models.UniqueConstraint(
                fields=["external_id", "imported_from"],
                name="post_one_per_source_id",
                condition=models.Q(external_id__isnull=False),
            )
        ]
        indexes = [
            models.Index(fields=["topic", "path"], name="post_topic_path"),
            # A page of threads walks its topic's roots in the page's order and stops at the
            # page (selectors.thread_roots): one index per sort, of roots only.
            models.Index(
                fields=["topic", "-is_featured", "created_at", "id"],
                name="post_roots_oldest",
                condition=models.Q(depth=0),
            ),
            models.Index(
                fields=["topic", "-is_featured", "-created_at", "-id"],
                name="post_roots_newest",
                condition=models.Q(depth=0),
            ),
            models.Index(
                fields=["topic", "-is_featured", "-like_count", "-created_at", "-id"],
                name="post_roots_top",
                condition=models.Q(depth=0),
            ),
            # The few roots not shown, among which a page looks once for those heading
            # visible replies (selectors.thread_roots): read apart from the shown thousands.
            models.Index(
                fields=["topic"],
                name="post_roots_not_shown",
                condition=models.Q(depth=0) & ~models.Q(status="visible"),
            ),
            models.Index(fields=["root", "path"], name="post_root_path"),
            # The newest post of a topic, where "new replies" start, and those after it.
            models.Index(fields=["topic", "id"], name="post_topic_id"),
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
            models.Index(
                fields=["held_at", "id"],
                name="post_pending_queue",
                condition=models.Q(status="pending"),
            ),
            models.Index(
                fields=["reported_at", "id"],
                name="post_reported_queue",
                condition=models.Q(open_report_count__gt=0),
            ),
            models.Index(
                fields=["-moderated_at", "-id"],
                name="post_moderation_history",
                condition=models.Q(moderated_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.topic_id}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def disclosure_label(self) -> str:
        """The author's disclosure, for its badge: "long $MP, $LYC.AX; none $ILU.AX", in the
        order the body names the tickers (PostgreSQL's jsonb keeps no order of keys)."""
        by_position: dict[str, list[str]] = {}
        for symbol in sorted(self.disclosure, key=self._mention_order):
            by_position.setdefault(self.disclosure[symbol], []).append(f"${symbol}")
        return "; ".join(f"{position} {', '.join(held)}" for position, held in by_position.items())

    def _mention_order(self, symbol: str) -> tuple[int, str]:
        return (self.tickers.index(symbol) if symbol in self.tickers else len(self.tickers), symbol)

    @property
    def thread_id(self) -> int:
        return self.root_id or self.pk

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


class PostRevision(models.Model):
    """A post's body as it was before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forum_postrevision"  # made before the forum was split into apps
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", "Like"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forum_reaction"  # made before the forum was split into apps
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="reaction_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id} by {self.user_id}"


# In modules of their own (this one is full), imported here so that Django finds them.
from forum.discussions.imported import ImportedAuthor as ImportedAuthor  # noqa: E402
from forum.discussions.post_tickers import PostTicker as PostTicker  # noqa: E402
