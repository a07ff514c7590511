"""Days with visits: one of the things the forum's trust levels weigh."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from accounts.models import User


def user_visit_record(*, user: User) -> bool:
    """Count today as a day `user` visited, once: at most one UPDATE a day per user, and none
    when the row read for this request says today is counted already. Returns whether it
    counted. Concurrent first requests of a day count it once: the UPDATE matches the row only
    while its date is not today."""
    today = timezone.localdate()
    if user.last_visit_on == today:
        return False
    counted = (
        User.objects.filter(pk=user.pk)
        .exclude(last_visit_on=today)
        .update(last_visit_on=today, visit_days=F("visit_days") + 1)
    )
    user.last_visit_on = today
    return bool(counted)
