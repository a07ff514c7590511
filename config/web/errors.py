"""The errors services of every app raise for the views to map, beside Django's own
PermissionDenied (not allowed; its message says why) and ValidationError (bad input, by field).

Each carries the message the person is shown: the API's `detail` and the page's text are both
the service's own words (config/web/api_errors.py and config/web/html_errors.py map them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class RateLimited(Exception):
    """Too many of something too quickly: `retry_after` is how many seconds until the next may
    go, and `message` what the person is told, ending with when to try again.

    `what` says what was too quick ("You have reported many comments this hour."); the
    default fits posts, the commonest case."""

    code = "rate_limited"  # as forum.moderation.gate.RefusalCode names it

    def __init__(self, retry_after: int, what: str = "You are posting too quickly.") -> None:
        self.retry_after = retry_after
        self.message = f"{what} Try again in {_wait(retry_after)}."
        super().__init__(self.message)


def _wait(seconds: int) -> str:
    """A wait as people say it: seconds up to two minutes, then minutes (rounded up)."""
    if seconds < 120:
        return f"{seconds} second{'' if seconds == 1 else 's'}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"


# What the mappings turn into answers; any other error a view lets out is a bug, a 500.
SERVICE_ERRORS = (PermissionDenied, ValidationError, RateLimited)


def expected_errors_check(expected: tuple[type[Exception], ...]) -> None:
    """For a view naming the service errors it expects: refuses none at all, or one that no
    mapping knows (which would otherwise pass as a 500 where an answer was meant)."""
    if not expected:
        raise TypeError("Name the service errors the view expects.")
    for error_type in expected:
        if not issubclass(error_type, SERVICE_ERRORS):
            raise TypeError(f"{error_type.__name__} is not a service error the views map.")
