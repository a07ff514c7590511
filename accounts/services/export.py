"""Everything the site holds about a person, as JSON they can download and keep.

One key per kind of data, each from a function of its own. Accounts hold only the account and
its preferences: every app that keeps something about a person (their posts, likes, reports,
subscriptions ...) registers its sections here from its AppConfig.ready(), so the export is
whole while accounts import no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured

from ..models import DEFAULT_DELIVERY, NotificationKind, User

ExportSection = Callable[[User], object]

_sections: dict[str, ExportSection] = {}


def export_section_register(key: str, section: ExportSection) -> None:
    """Put `section(user)` under `key` in every export; its value must be JSON-serialisable
    (times through export_time). Sections come in the order registered (INSTALLED_APPS')."""
    if _sections.get(key, section) is not section:
        raise ImproperlyConfigured(f"Two export sections are called {key!r}.")
    _sections[key] = section


def account_export(*, user: User) -> dict[str, object]:
    """The user's data; every value is JSON-serialisable (times as ISO 8601 strings)."""
    return {key: section(user) for key, section in _sections.items()}


def export_time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def profile_export(user: User) -> dict[str, object]:
    return {
        "handle": user.username,
        "display_name": user.display_name,
        "bio": user.bio,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": user.avatar.url if user.avatar else None,
        "email": user.email,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": export_time(user.date_joined),
        "last_login": export_time(user.last_login),
        "state": user.effective_state.value,
        "suspended_until": export_time(user.suspended_until),
        "state_reason": user.state_reason,
        "visit_days": user.visit_days,
        "last_visit_on": user.last_visit_on.isoformat() if user.last_visit_on else None,
    }


def notification_preferences_export(user: User) -> dict[str, str]:
    """How each kind of notification reaches the user: their choice, or the default."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NotificationKind.values}
