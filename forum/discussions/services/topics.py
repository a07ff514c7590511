from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.permissions import logged_in_user
from accounts.viewer import Viewer
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Category, Topic
from forum.discussions.permissions import category_start_refusal, check_can_start_topic
from forum.discussions.services.cache_versions import topic_threads_changed
from forum.discussions.services.disclosure import DisclosureInput
from forum.discussions.services.post_bodies import has_visible_character, post_body_clean
from forum.discussions.services.posting import post_insert

if TYPE_CHECKING:
    from articles.models import Article


# Paths under /forum/t/<id>/ that a topic's slug must not look like.
RESERVED_SLUGS = frozenset({"reply", "threads", "new"})


def topic_slug(title: str) -> str:
    slug = slugify(title)[:190] or "topic"
    return f"{slug}-topic" if slug in RESERVED_SLUGS else slug


@transaction.atomic
def topic_ensure_for_article(*, article: Article) -> Topic:
    """The article's discussion topic, created in the Articles category the first time. Until
    its first comment shows, its latest activity is the article's publication (not when the
    topic was made: an article imported today from January was active in January)."""
    category = Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)
    published = article.publish_at or timezone.now()
    topic, created = Topic.objects.get_or_create(
        article=article,
        defaults={
            "category": category,
            "title": article.title,
            "slug": topic_slug(article.title),
            "author": article.author,
            "last_activity_at": published,
        },
    )
    if not created:  # publication moved (rescheduled, republished): so did a quiet topic's
        Topic.objects.filter(pk=topic.pk, post_count=0).exclude(last_activity_at=published).update(
            last_activity_at=published
        )
    if not created and topic.title != article.title:
        topic.title = article.title
        topic.slug = topic_slug(article.title)
        topic.save(update_fields=["title", "slug"])
    if not created:
        topic_threads_changed(topic_id=topic.pk)  # the article's author may have changed
    return topic


def _title_clean(title: str) -> str:
    title = " ".join(title.split())
    if not 5 <= len(title) <= 200:
        raise ValidationError({"title": "A title is 5 to 200 characters."})
    if not has_visible_character(title):
        raise ValidationError({"title": "Write a title first: this has no visible characters."})
    return title


@transaction.atomic
def topic_create(
    *,
    category: Category,
    author: User | AnonymousUser,
    title: str,
    body: str,
    disclosure: DisclosureInput = None,
) -> Topic:
    """A forum topic of its own, opening with the author's first post (and their `disclosure`
    of positions in the tickers it names). Not in Articles: that category is no place to
    choose (bad input), whoever asks."""
    if refusal := category_start_refusal(category):
        raise ValidationError({"category": refusal.message})
    checked_author = Viewer.of(author)
    check_can_start_topic(checked_author, category)
    title = _title_clean(title)
    body = post_body_clean(body)
    author = User.objects.select_for_update(no_key=True).get(pk=logged_in_user(author).pk)
    topic = Topic(category=category, author=author, title=title, slug=topic_slug(title))
    topic.full_clean()
    topic.save()
    post_insert(
        topic=topic,
        author=author,
        checked_author=checked_author,
        body=body,
        reply_to=None,
        opening=True,
        disclosure=disclosure,
    )
    return topic
