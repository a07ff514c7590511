from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .permissions import Refusal, posting_refusal, restriction_refusal
from .viewer import viewer_for


def _notice(request: HttpRequest) -> Refusal | None:
    """The one thing a logged-in user should know about their account, if any."""
    viewer = viewer_for(request)
    if not viewer.is_authenticated:
        return None
    return restriction_refusal(viewer) or posting_refusal(viewer)


def account_notice(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never show the notice never pay its query.
    return {"account_notice": SimpleLazyObject(lambda: _notice(request))}
