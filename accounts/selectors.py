from __future__ import annotations

from django.http import Http404

from .models import User


def user_get_public(*, handle: str) -> User:
    """A user by handle, in any case; deleted accounts have no public profile."""
    user = User.objects.filter(username__iexact=handle).exclude(state=User.State.DELETED).first()
    if user is None:
        raise Http404("No such user.")
    return user
