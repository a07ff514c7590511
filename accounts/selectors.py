from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404

from .confusables import lookalike_key
from .models import DEFAULT_DELIVERY, Delivery, NotificationKind, NotificationPreference, User
from .viewer import Viewer

STAFF_NOTIFICATION_KINDS = frozenset(
    {
        NotificationKind.MODERATION_QUEUE,
        NotificationKind.MODERATION_REPORTED,
        NotificationKind.MODERATION_REMINDER,
        NotificationKind.MODERATION_ALERT,
    }
)


def user_get_public(*, handle: str) -> User:
    """A user by handle, in any case; deleted accounts have no public profile."""
    user = User.objects.filter(username__iexact=handle).exclude(state=User.State.DELETED).first()
    if user is None:
        raise Http404("No such user.")
    return user


PublicPostsSelector = Callable[[User], QuerySet[Any]]

# Filled by the discussions, which hold the posts, from their AppConfig.ready(): accounts
# import no forum app, yet a profile shows what its person wrote.
_public_posts: dict[str, PublicPostsSelector] = {}


def user_posts_public_register(selector: PublicPostsSelector) -> None:
    """Say which of a person's posts the public sees, newest first: `selector(user)`."""
    if _public_posts.setdefault("selector", selector) is not selector:
        raise ImproperlyConfigured("Only one app says which of a person's posts are public.")


def user_posts_public(*, user: User) -> QuerySet[Any]:
    """The person's posts the public sees, newest first, as their profile page and the API's
    profiles show them (count and most recent)."""
    try:
        selector = _public_posts["selector"]
    except KeyError:
        raise ImproperlyConfigured("No app says which of a person's posts are public.") from None
    return selector(user)


def user_name_lookalike_exists(*, name: str, excluding: User) -> bool:
    """Whether a user other than `excluding` (deleted ones aside) has a display name or a
    handle that looks like `name` (accounts.confusables.lookalike_key).

    Skeletons are not stored, so this reads every name: a profile change is rare. When the
    user count makes it slow, a stored, indexed key column is the next step.
    """
    key = lookalike_key(name)
    names = (
        User.objects.exclude(pk=excluding.pk)
        .exclude(state=User.State.DELETED)
        .values_list("display_name", "username")
    )
    return any(
        key in (lookalike_key(display_name), lookalike_key(handle))
        for display_name, handle in names.iterator(chunk_size=2000)
    )


def notification_kinds_for(*, viewer: Viewer) -> list[NotificationKind]:
    """The kinds the person may receive, and so may choose a delivery for: moderation kinds are
    for discussion staff only."""
    staff = viewer.is_discussion_staff
    return [kind for kind in NotificationKind if staff or kind not in STAFF_NOTIFICATION_KINDS]


def notification_preferences_for(*, viewer: Viewer) -> dict[NotificationKind, Delivery]:
    """The delivery of every kind the person may receive: their choice, else the default."""
    chosen = dict(
        NotificationPreference.objects.filter(user=viewer.user).values_list("kind", "delivery")
    )
    return {
        kind: Delivery(chosen.get(kind, DEFAULT_DELIVERY[kind]))
        for kind in notification_kinds_for(viewer=viewer)
    }
