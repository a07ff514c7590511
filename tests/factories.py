from __future__ import annotations

import io
import itertools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from accounts.models import User
from articles.models import Article, ArticleNote, Highlight, Tag
from articles.services import article_note_save, article_save
from forum.discussions.models import Category, Post, Topic
from forum.discussions.services.cache_versions import topic_threads_changed
from forum.discussions.services.post_status import post_status_apply
from forum.discussions.services.posting import post_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")
    # Seen today already: a page a test counts the queries of records no first visit.
    last_visit_on = factory.LazyFunction(lambda: timezone.localdate())


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def editors_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get(name="Editors"))


class VerifiedEditorFactory(EditorFactory):
    """An editor with a verified address: one who could post anywhere they may read."""

    @factory.post_generation
    def verified_address(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ReaderFactory(UserFactory):
    """A reader as sign-up leaves one once verified: in Readers, with a verified address."""

    @factory.post_generation
    def verified_reader(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get(name="Readers"))
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ModeratorFactory(ReaderFactory):
    is_staff = True

    @factory.post_generation
    def moderators_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get(name="Moderators"))


class AdministratorFactory(ReaderFactory):
    is_staff = True

    @factory.post_generation
    def administrators_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(Group.objects.get(name="Administrators"))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article saved through the service, so it is rendered and, if published, discussed."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rare earth market note {n}")
    slug = factory.Sequence(lambda n: f"rare-earth-market-note-{n}")
    standfirst = "Prices moved this week."
    body = "An opening paragraph.\n\n## Supply\n\nMines reopened.\n\n## Demand\n\nMagnets sold."
    disclaimer = "Figures should be verified independently."
    source_name = "Example Daily"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @classmethod
    def _create(cls, model_class: type[Article], *args: object, **kwargs: object) -> Article:
        return article_save(article=model_class(*args, **kwargs))

    @factory.post_generation
    def tags(self, create: bool, extracted: list[Tag] | None, **kwargs: object) -> None:
        if create and extracted:
            self.tags.add(*extracted)


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Highlight

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    depth = 0
    text = factory.Sequence(lambda n: f"Highlight {n}")


class ArticleNoteFactory(factory.django.DjangoModelFactory):
    """A correction saved through the service, telling nobody unless `do_not_notify=False`."""

    class Meta:
        model = ArticleNote

    article = factory.SubFactory(ArticleFactory)
    kind = ArticleNote.Kind.CORRECTION
    text = factory.Sequence(lambda n: f"An earlier version misstated figure {n}.")
    at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    do_not_notify = True

    @classmethod
    def _create(
        cls, model_class: type[ArticleNote], *args: object, **kwargs: object
    ) -> ArticleNote:
        return article_note_save(note=model_class(*args, **kwargs), editor=None)


_comment_numbers = itertools.count(1)


def comment(
    topic: Topic,
    *,
    author: User | None = None,
    body: str | None = None,
    reply_to: Post | None = None,
) -> Post:
    """A comment made through the service, as a reader would post it. Bodies differ unless
    given, since the same body twice in a row is refused."""
    return post_create(
        topic=topic,
        author=author or ReaderFactory(),
        body=body or f"A fair point, number {next(_comment_numbers)}.",
        reply_to=reply_to,
    )


@transaction.atomic
def post_status_set(*, post: Post, status: Post.Status) -> Post:
    """A post moved to `status` as a moderator's decision moves it, counters and all, without
    the decision's checks and log: for tests that need a post hidden or shown. Locks as the
    decisions do (the topic's row, then the post's), so it may race with posting."""
    topic_threads_changed(topic_id=post.topic_id)
    post = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic")
        .get(pk=post.pk)
    )
    return post_status_apply(post, status)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


def image_upload(
    fmt: str = "PNG",
    size: tuple[int, int] = (640, 480),
    mode: str = "RGB",
    name: str = "photo.png",
    padding: int = 0,
) -> SimpleUploadedFile:
    """An image file as a browser would upload it; `padding` bytes appended to fatten it."""
    out = io.BytesIO()
    Image.new(mode, size, "#c0392b").save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue() + b"\0" * padding)
