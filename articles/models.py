from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def live(self) -> ArticleQuerySet:
        """Published articles whose publish time has come: what the public may read."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def with_noted_at(self) -> ArticleQuerySet:
        """Each article with `noted_at`: the time of its latest correction or update note, or
        None. One subquery on the notes' (article, at) index, no grouping."""
        latest = ArticleNote.objects.filter(article=OuterRef("pk")).order_by("-at").values("at")
        return self.annotate(noted_at=Subquery(latest[:1]))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class State(models.TextChoices):
        """What readers see. Scheduled is derived: published with a publish time to come."""

        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences under the title."
    )
    body = models.TextField(
        blank=True,
        help_text=(
            "Markdown. Use ## for section headings and - for bullet lists. "
            "A line holding only [TOC] places the table of contents."
        ),
    )
    body_html = models.TextField(blank=True, editable=False)
    sections = models.JSONField(default=list, blank=True, editable=False)
    disclaimer = models.TextField(blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    source_kind = models.CharField(
        max_length=200, blank=True, help_text="What kind of source, e.g. state-affiliated media."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a published article becomes public. A future time schedules it.",
    )
    comments_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        """Publishing rules; publishing with no time means publishing now."""
        errors = {}
        if self.status == self.Status.PUBLISHED:
            if not self.body.strip():
                errors["body"] = "A published article needs a body."
            if self.publish_at is None:
                self.publish_at = timezone.now()
        if self.source_url and not self.source_name:
            errors["source_name"] = "Name the source that the source URL points to."
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> Article.State:
        if self.status == self.Status.PUBLISHED:
            if self.publish_at and self.publish_at > timezone.now():
                return self.State.SCHEDULED
            return self.State.PUBLISHED
        return self.State(self.status)

    @property
    def is_live(self) -> bool:
        return self.state == self.State.PUBLISHED


class Highlight(models.Model):
    """One bullet of an article's Highlights; `depth` nests it under the bullet before it."""

    MAX_DEPTH = 2

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="highlights")
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(
        default=0, help_text="0 for a top-level bullet, 1 for a bullet under the one above it."
    )
    text = models.CharField(max_length=500)

    class Meta:
        # Positions are not unique in the database so that editors can swap two in one save;
        # the admin refuses duplicates, and the id settles any order left open.
        ordering = ["article", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(depth__lte=2), name="highlight_depth_at_most_2"),
        ]

    def __str__(self) -> str:
        return self.text


class ArticleNote(models.Model):
    """A dated correction or update an editor adds to a published article: shown under the
    article, and, unless the editor says not to, told to the people who discussed it."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    MAX_TEXT_LENGTH = 2000

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        max_length=MAX_TEXT_LENGTH,
        validators=[MaxLengthValidator(MAX_TEXT_LENGTH)],
        help_text="What was wrong and what is right now, or what changed. Plain text.",
    )
    at = models.DateTimeField("when", default=timezone.now)
    do_not_notify = models.BooleanField(
        default=False,
        help_text="For a typo fix: the note shows, and nobody is told. Readers are told once, "
        "when the note is first saved with this box clear.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    readers_told_at = models.DateTimeField("readers told", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="articlenote_article_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "update"]), name="articlenote_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        """A note is on a live article, dated between its publication and now."""
        errors: dict[str, str] = {}
        self.text = self.text.strip()
        if not self.text:
            errors["text"] = "Say what was corrected or updated."
        try:
            article = self.article
        except Article.DoesNotExist:
            raise ValidationError(errors or {"article": "Say which article it is on."}) from None
        now = timezone.now()
        if article.status != Article.Status.PUBLISHED or (
            article.publish_at is not None and article.publish_at > now
        ):
            errors[NON_FIELD_ERRORS] = (
                "Notes correct or update a published article: publish it first, then add one."
            )
        elif self.at is not None and self.at > now:
            errors["at"] = "A note cannot be dated in the future."
        elif self.at is not None and article.publish_at and self.at < article.publish_at:
            errors["at"] = "A note cannot be dated before the article was published."
        if errors:
            raise ValidationError(errors)
