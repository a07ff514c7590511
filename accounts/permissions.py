"""Who may do what with an account, each refusal with a message that says why and what next.

`*_refusal` functions return None when the action is allowed; `check_*` raise PermissionDenied
with the message; `can_*` answer yes or no.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.core import ratelimit
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats

from .models import User
from .viewer import Viewer


@dataclass(frozen=True)
class Refusal:
    message: str
    link_url: str = ""
    link_label: str = ""


def restriction_refusal(viewer: Viewer) -> Refusal | None:
    """Why a suspended or banned account may not post, react, report or edit its profile."""
    user = viewer.user
    if user is None:
        return None
    state = user.effective_state
    reason = f" Reason: {user.state_reason}" if user.state_reason else ""
    # A suspension always has its end (the constraint user_suspension_has_end).
    if state == User.State.SUSPENDED and user.suspended_until is not None:
        until = formats.date_format(user.suspended_until, "DATETIME_FORMAT")
        return Refusal(f"Your account is suspended until {until} UTC.{reason}")
    if state == User.State.BANNED:
        return Refusal(f"Your account is banned.{reason}")
    return None


def posting_refusal(viewer: Viewer) -> Refusal | None:
    """Why the viewer may not post: not logged in, address unverified, suspended or banned."""
    user = viewer.user
    if user is None or not user.is_active:
        return Refusal("Log in to take part in the discussion.", reverse("account_login"), "Log in")
    if refusal := restriction_refusal(viewer):
        return refusal
    if not viewer.email_verified:
        return Refusal(
            f"Verify your email address to post: follow the link we sent to {user.email}.",
            reverse("account_email"),
            "Resend the verification mail",
        )
    return None


def check_can_change_profile(viewer: Viewer) -> None:
    if refusal := restriction_refusal(viewer):
        raise PermissionDenied(refusal.message)


def can_change_account_state(actor: Viewer, target: Viewer) -> bool:
    """Moderators suspend and ban readers; only administrators act on administrators."""
    if not actor.is_active or target.user is None or actor.pk == target.pk:
        return False
    if not (actor.has_perm("accounts.suspend_user") or actor.has_perm("accounts.ban_user")):
        return False
    return not target.is_administrator or actor.is_administrator


def check_can_change_account_state(actor: Viewer, target: Viewer) -> None:
    if not can_change_account_state(actor, target):
        raise PermissionDenied("You may not change the state of this account.")


def check_current_password(request: HttpRequest, password: str) -> None:
    """Confirm a grave step with the password, under allauth's reauthentication rate limit so
    the check cannot be used to guess it."""
    user = request.user
    if not ratelimit.consume(request, action="reauthenticate", user=user):
        raise ValidationError(
            "Too many attempts. Wait a minute and try again.", code="rate_limited"
        )
    if not user.check_password(password):
        raise ValidationError("That is not your current password.", code="password_incorrect")


def logged_in_user(user: User | AnonymousUser) -> User:
    """`user`, once a permission check that refuses anyone logged out has let them act. The
    services that take whoever asks (an API call may come from a visitor) and refuse with their
    check's own reason narrow their actor with this; PermissionDenied should a check ever let a
    visitor through."""
    if not isinstance(user, User):
        raise PermissionDenied("Log in first.")
    return user
