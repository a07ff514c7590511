"""Someone who commented on the old site claims what they wrote: on verifying an address whose
hash an imported author carries, that author's comments become theirs."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.discussions.importing.authors import email_hash
from forum.discussions.models import ImportedAuthor, Post
from forum.discussions.services.cache_versions import authors_topics_threads_changed


@transaction.atomic
def imported_posts_claim(*, user: User, email: str) -> int:
    """Move the comments of every unclaimed imported author with `email`'s hash to `user`, and
    remove their placeholder accounts. Returns how many comments moved.

    Precondition: `user` has just verified `email` (allauth's email_confirmed, receivers.py).
    The imported authors stay, as claimed by `user`: a later import of the same export writes
    that person's new comments as theirs.
    """
    claimed = list(
        ImportedAuthor.objects.select_for_update()
        .filter(email_hash=email_hash(email), claimed_at__isnull=True)
        .exclude(user=user)
    )
    if not claimed:
        return 0
    placeholder_ids = [author.user_id for author in claimed]
    moved = Post.objects.filter(author_id__in=placeholder_ids).update(author=user)
    ImportedAuthor.objects.filter(pk__in=[author.pk for author in claimed]).update(
        user=user, claimed_at=timezone.now()
    )
    User.objects.filter(pk__in=placeholder_ids).delete()
    authors_topics_threads_changed(author_ids=[user.pk])
    return moved
