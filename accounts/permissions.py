"""Who may do what with an account, each refusal with a message that says why and what next.

`*_refusal` functions return None when the action is allowed; `check_*` raise PermissionDenied
with the message; `can_*` answer yes or no.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats
from django.utils.functional import LazyObject

from .models import User
from .roles import is_administrator

Viewer = AbstractBaseUser | AnonymousUser


def viewer_resolved(viewer: Viewer) -> Viewer:
    """The user behind `request.user`'s lazy wrapper. Where a viewer is asked about thousands of
    times (each comment of a page checks who may edit it), every attribute read through the
    wrapper costs a trip through its proxy; the user itself costs a plain lookup."""
    if isinstance(viewer, LazyObject):
        viewer.is_authenticated  # noqa: B018 - loads the user if nothing has yet
        return viewer._wrapped  # LazyObject's one attribute for what it wraps
    return viewer


@dataclass(frozen=True)
class Refusal:
    message: str
    link_url: str = ""
    link_label: str = ""


def email_verified(user: User) -> bool:
    """Whether the user has a verified address; read once per user object (or never, when the
    query that fetched it annotated `_email_verified=email_verified_exists()`)."""
    cached: bool | None = getattr(user, "_email_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._email_verified = cached  # type: ignore[attr-defined]
    return cached


@cache
def email_verified_exists() -> Exists:
    """For a query of users: whether each has a verified address. Annotated as
    `_email_verified`, it spares email_verified() its query (posting reads it with the
    author's row lock, in the same statement). Built once: annotate() copies what it is given."""
    return Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))


def restriction_refusal(user: Viewer) -> Refusal | None:
    """Why a suspended or banned account may not post, react, report or edit its profile."""
    if not isinstance(user, User):
        return None
    state = user.effective_state
    reason = f" Reason: {user.state_reason}" if user.state_reason else ""
    if state == User.State.SUSPENDED:
        until = formats.date_format(user.suspended_until, "DATETIME_FORMAT")
        return Refusal(f"Your account is suspended until {until} UTC.{reason}")
    if state == User.State.BANNED:
        return Refusal(f"Your account is banned.{reason}")
    return None


def posting_refusal(user: Viewer) -> Refusal | None:
    """Why the user may not post: not logged in, address unverified, suspended or banned."""
    if not isinstance(user, User) or not user.is_active:
        return Refusal("Log in to take part in the discussion.", reverse("account_login"), "Log in")
    if refusal := restriction_refusal(user):
        return refusal
    if not email_verified(user):
        return Refusal(
            f"Verify your email address to post: follow the link we sent to {user.email}.",
            reverse("account_email"),
            "Resend the verification mail",
        )
    return None


def check_can_change_profile(user: Viewer) -> None:
    if refusal := restriction_refusal(user):
        raise PermissionDenied(refusal.message)


def can_change_account_state(actor: Viewer, target: User) -> bool:
    """Moderators suspend and ban readers; only administrators act on administrators."""
    if not isinstance(actor, User) or not actor.is_active or actor.pk == target.pk:
        return False
    if not (actor.has_perm("accounts.suspend_user") or actor.has_perm("accounts.ban_user")):
        return False
    return not is_administrator(target) or is_administrator(actor)


def check_can_change_account_state(actor: Viewer, target: User) -> None:
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
