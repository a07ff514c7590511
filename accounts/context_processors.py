from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .permissions import Refusal, posting_refusal, restriction_refusal


def _notice(request: HttpRequest) -> Refusal | None:
    """The one thing a logged-in user should know about their account, if any."""
    user = request.user
    if not user.is_authenticated:
        return None
    return restriction_refusal(user) or posting_refusal(user)


def account_notice(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never show the notice never pay its query.
    return {"account_notice": SimpleLazyObject(lambda: _notice(request))}
