"""Granting and removing roles, with the admin access (`is_staff`) that goes with them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import User
from ..roles import Role

# Roles whose tools are in the Django admin: editors write articles there, moderators use its
# user-state actions (until the forum has its own moderation pages), administrators run it.
STAFF_ROLES = frozenset({Role.MODERATORS, Role.EDITORS, Role.ADMINISTRATORS})


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Group], by: User) -> User:
    """Give `user` exactly `roles`, and `is_staff` exactly when one of them works in the admin.

    A service rather than a `save_related` hook in the admin: whichever way a role is granted
    (the admin calls this; a command or an API may later), `is_staff` follows it, so nobody
    holds a role they cannot reach or keeps admin access after losing it. Superusers keep
    `is_staff` whatever their roles.
    """
    if not by.has_perm("accounts.change_user"):
        raise PermissionDenied("You may not change roles.")
    roles = list(roles)
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    locked.groups.set(roles)
    locked.is_staff = locked.is_superuser or any(role.name in STAFF_ROLES for role in roles)
    locked.full_clean()
    locked.save(update_fields=["is_staff"])
    return locked
