"""Changes to how a person hears about what happens on the site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Delivery, NotificationKind, NotificationPreference, User
from ..selectors import notification_kinds_for, notification_preferences_for
from ..viewer import Viewer


@transaction.atomic
def notification_preferences_update(
    *, user: User, preferences: dict[str, str]
) -> dict[NotificationKind, Delivery]:
    """Set the delivery of each kind given (kinds not given keep theirs); all or nothing.

    Raises ValidationError keyed by kind for an unknown kind, a moderation kind chosen by
    someone who is not discussion staff, or an unknown delivery. Writes only the kinds whose
    delivery changes, in one statement. Returns the preferences now in force.
    """
    viewer = Viewer.of(user)  # whether they are staff: read once, for both checks
    allowed = notification_kinds_for(viewer=viewer)
    errors: dict[str, str] = {}
    rows = []
    for kind, delivery in preferences.items():
        if kind not in NotificationKind.values:
            errors[kind] = f"“{kind}” is not a kind of notification."
            continue
        if kind not in allowed:
            errors[kind] = "Only moderators receive this notification."
            continue
        row = NotificationPreference(user=user, kind=kind, delivery=delivery)
        try:
            # The user is given and the kind unique per user: only the choices need checking.
            row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        except ValidationError:
            errors[kind] = (
                f"“{delivery}” is not a delivery; choose one of {', '.join(Delivery.values)}."
            )
            continue
        rows.append(row)
    if errors:
        raise ValidationError(errors)

    current = notification_preferences_for(viewer=viewer)
    changed = [row for row in rows if current[NotificationKind(row.kind)] != row.delivery]
    if changed:
        NotificationPreference.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["delivery"],
        )
    return current | {NotificationKind(row.kind): Delivery(row.delivery) for row in rows}
