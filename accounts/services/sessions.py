"""Ending an account's sessions: on a ban (forum/moderation's account_states) and on deletion."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from ..models import User


def user_sessions_end(*, user: User) -> None:
    """Log `user` out everywhere: browsers and headless app tokens alike.

    Sessions live in the database (the configured session engine) with the user id inside the
    encoded data, so the live ones are decoded to find theirs. Bans and deletions are rare
    enough for that scan to be cheap.
    """
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(session_key__in=keys).delete()
