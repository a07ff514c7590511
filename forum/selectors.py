from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from articles.permissions import can_preview_articles

from .models import Topic


def topic_get_for_viewer(*, pk: int, viewer: AbstractBaseUser | AnonymousUser) -> Topic:
    """A topic the viewer may read; an article's topic is public only while the article is."""
    topic = Topic.objects.select_related("category", "article").filter(pk=pk).first()
    if topic is None:
        raise Http404("No such topic.")
    article = topic.article
    if article is not None and not article.is_live and not can_preview_articles(viewer):
        raise Http404("No such topic.")
    return topic
