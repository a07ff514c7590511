"""The roles people hold, as auth groups made by a migration, and what they mean."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet


class Role(models.TextChoices):
    READERS = "Readers"
    MODERATORS = "Moderators"
    EDITORS = "Editors"
    ADMINISTRATORS = "Administrators"


DISCUSSION_STAFF_ROLES = (Role.MODERATORS, Role.ADMINISTRATORS)


def _role_names(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The user's group names, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_role_names", None)
    if cached is None:
        prefetched = getattr(user, "_prefetched_objects_cache", {})
        if "groups" in prefetched:  # e.g. the authors of a page of comments, fetched together
            cached = frozenset(group.name for group in prefetched["groups"])
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        user._role_names = cached  # type: ignore[union-attr]
    return cached


def roles_preload(users: Iterable[AbstractBaseUser], *, user_ids: Iterable[int] | QuerySet) -> None:
    """Read the roles of many users in one query (`user_ids` may be a subquery, so the query
    runs even when there is nobody yet) and keep them on each user, as `_role_names` does."""
    roles: dict[int, set[str]] = {}
    memberships = Group.user_set.through.objects.filter(user_id__in=user_ids)
    for user_id, role in memberships.values_list("user_id", "group__name"):
        roles.setdefault(user_id, set()).add(role)
    for user in users:
        user._role_names = frozenset(roles.get(user.pk, ()))  # type: ignore[attr-defined]


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    return role in _role_names(user)


def is_discussion_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Moderators, administrators and superusers: they carry the Moderator badge and moderate."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    known: bool | None = getattr(user, "_is_discussion_staff", None)
    if known is not None:  # annotated by the query that fetched the user
        return known
    return any(role in _role_names(user) for role in DISCUSSION_STAFF_ROLES)


@cache
def discussion_staff_exists() -> Exists:
    """For a query of users: whether each holds a discussion staff role. Annotated as
    `_is_discussion_staff`, it spares is_discussion_staff() its query on the groups. Built
    once: annotate() copies what it is given."""
    memberships = Group.user_set.through.objects.filter(
        user_id=OuterRef("pk"), group__name__in=DISCUSSION_STAFF_ROLES
    )
    return Exists(memberships)


def is_administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATORS)
