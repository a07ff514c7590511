from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.text import slugify

from .models import ARTICLES_CATEGORY_SLUG, Category, Topic

if TYPE_CHECKING:
    from articles.models import Article


@transaction.atomic
def topic_ensure_for_article(*, article: Article) -> Topic:
    """The article's discussion topic, created in the Articles category the first time."""
    category = Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)
    topic, created = Topic.objects.get_or_create(
        article=article,
        defaults={
            "category": category,
            "title": article.title,
            "slug": slugify(article.title)[:200] or "article",
            "author": article.author,
        },
    )
    if not created and topic.title != article.title:
        topic.title = article.title
        topic.slug = slugify(article.title)[:200] or "article"
        topic.save(update_fields=["title", "slug"])
    return topic
