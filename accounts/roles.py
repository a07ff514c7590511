"""The roles people hold, as auth groups made by a migration, and what they mean."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models


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


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    return role in _role_names(user)


def is_discussion_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Moderators, administrators and superusers: they carry the Moderator badge and moderate."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(role in _role_names(user) for role in DISCUSSION_STAFF_ROLES)


def is_administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATORS)
