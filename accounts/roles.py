"""The roles people hold, as auth groups made by a migration, and how they are read. What a
role lets someone do is asked of their Viewer (accounts/viewer.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import QuerySet

from .models import User


class Role(models.TextChoices):
    READERS = "Readers"
    MODERATORS = "Moderators"
    EDITORS = "Editors"
    ADMINISTRATORS = "Administrators"


DISCUSSION_STAFF_ROLES = (Role.MODERATORS, Role.ADMINISTRATORS)


def role_names_read(user: User) -> frozenset[str]:
    """The names of the user's roles: one query."""
    return frozenset(user.groups.values_list("name", flat=True))


def roles_by_user(user_ids: Iterable[int] | QuerySet[Any, Any]) -> dict[int, frozenset[str]]:
    """The role names of many users in one query, by user id; those holding none are absent.
    `user_ids` may be a subquery, so that the query runs even when there is nobody yet and a
    page's count of queries does not depend on its rows."""
    roles: dict[int, set[str]] = {}
    memberships = Group.user_set.through.objects.filter(user_id__in=user_ids)
    for user_id, role in memberships.values_list("user_id", "group__name"):
        roles.setdefault(user_id, set()).add(role)
    return {user_id: frozenset(names) for user_id, names in roles.items()}
