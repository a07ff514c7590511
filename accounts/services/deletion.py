"""Deleting an account at its holder's request: irreversible, and nothing personal stays."""

from __future__ import annotations

import secrets
from functools import partial

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import User
from ..signals import account_deleted
from .sessions import user_sessions_end

DELETION_REASON = "Deleted by the account holder."


@transaction.atomic
def account_delete(*, user: User) -> User:
    """Erase the account's personal data and end its sessions; the row itself stays.

    The row stays so that what the person wrote stays in its threads, shown as by "deleted
    user" (`User.public_name`). Their handle and addresses are released for others to take.
    Roles go too: a deleted account holds no power. The caller has checked that the request
    comes from the holder (their password); the avatar file goes once the deletion commits.
    Other apps record the deletion through `account_deleted`, in this transaction.
    """
    locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if locked.state == User.State.DELETED:
        raise ValidationError("This account is already deleted.")
    from_state = locked.state
    avatar_storage, avatar_name = locked.avatar.storage, locked.avatar.name

    locked.username = _placeholder_handle(locked)
    locked.email = ""
    locked.first_name = ""
    locked.last_name = ""
    locked.display_name = ""
    locked.bio = ""
    locked.avatar = ""
    locked.set_unusable_password()
    locked.is_active = False
    locked.is_staff = False
    locked.is_superuser = False
    locked.state = User.State.DELETED
    locked.suspended_until = None
    locked.state_reason = ""
    locked.full_clean()
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    EmailAddress.objects.filter(user=locked).delete()
    locked.notification_preferences.all().delete()
    user_sessions_end(user=locked)
    account_deleted.send(sender=User, user=locked, from_state=from_state, reason=DELETION_REASON)
    if avatar_name:
        transaction.on_commit(partial(avatar_storage.delete, avatar_name), robust=True)
    return locked


def _placeholder_handle(user: User) -> str:
    """`deleted_<id>`, unless someone chose that handle; then a random suffix makes it unique."""
    handle = f"deleted_{user.pk}"
    if User.objects.filter(username__iexact=handle).exclude(pk=user.pk).exists():
        handle = f"{handle}_{secrets.token_hex(4)}"
    return handle
