from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from accounts.models import User
from accounts.permissions import logged_in_user
from accounts.viewer import Viewer
from forum.discussions.models import Post, Reaction
from forum.discussions.permissions import check_can_react
from forum.discussions.services.cache_versions import topic_threads_changed


@transaction.atomic
def reaction_add(*, post: Post, user: User | AnonymousUser) -> Post:
    """Like a post; liking twice is one like."""
    topic_threads_changed(topic_id=post.topic_id)  # the topic's lock before the post's
    # The row as it is, not a stale copy, with what says whether its discussion is public.
    post = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic__article", "topic__opening_post")
        .get(pk=post.pk)
    )
    check_can_react(Viewer.of(user), post)
    user = logged_in_user(user)
    _, created = Reaction.objects.get_or_create(post=post, user=user)
    if created:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    post.refresh_from_db(fields=["like_count"])
    return post


@transaction.atomic
def reaction_remove(*, post: Post, user: User) -> Post:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to like comments.")
    deleted, _ = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        topic_threads_changed(topic_id=post.topic_id)
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
    post.refresh_from_db(fields=["like_count"])
    return post
