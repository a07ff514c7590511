"""Notification preferences: the selectors, the service and the settings page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from accounts.models import (
    DEFAULT_DELIVERY,
    Delivery,
    NotificationKind,
    NotificationPreference,
    User,
)
from accounts.selectors import (
    STAFF_NOTIFICATION_KINDS,
    notification_kinds_for,
    notification_preferences_for,
)
from accounts.services.preferences import notification_preferences_update
from accounts.viewer import Viewer
from tests.factories import ModeratorFactory, ReaderFactory

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/settings/notifications/"
READER_KINDS = [kind for kind in NotificationKind if kind not in STAFF_NOTIFICATION_KINDS]


def stored(user: User) -> dict[str, str]:
    return dict(user.notification_preferences.values_list("kind", "delivery"))


def test_notification_kinds_for_hides_moderation_kinds_from_readers() -> None:
    assert notification_kinds_for(viewer=Viewer.of(ReaderFactory())) == READER_KINDS
    assert notification_kinds_for(viewer=Viewer.of(ModeratorFactory())) == list(NotificationKind)


def test_notification_preferences_for_falls_back_to_the_defaults() -> None:
    reader = ReaderFactory()
    NotificationPreference.objects.create(
        user=reader, kind=NotificationKind.MENTION, delivery=Delivery.OFF
    )

    preferences = notification_preferences_for(viewer=Viewer.of(reader))

    assert preferences == {kind: DEFAULT_DELIVERY[kind] for kind in READER_KINDS} | {
        NotificationKind.MENTION: Delivery.OFF
    }


def test_notification_preferences_update_writes_only_what_changed() -> None:
    reader = ReaderFactory()

    with CaptureQueriesContext(connection) as queries:
        result = notification_preferences_update(
            user=reader, preferences={"reply": "email", "mention": "digest", "watched_topic": "off"}
        )

    # The reader's roles (whether moderation kinds are theirs to choose: read once, for the
    # check and for the answer), the current choices, then one upsert of the two changed (the
    # default re-chosen for replies is not stored); savepoints aside.
    sqls = [q["sql"] for q in queries.captured_queries]
    sqls = [sql for sql in sqls if sql.split()[0] not in {"SAVEPOINT", "RELEASE"}]
    assert [sql.split()[0] for sql in sqls] == ["SELECT", "SELECT", "INSERT"]
    assert '"auth_group"' in sqls[0]
    assert stored(reader) == {"mention": "digest", "watched_topic": "off"}
    assert result[NotificationKind.REPLY] == Delivery.EMAIL
    assert result[NotificationKind.MENTION] == Delivery.DIGEST


def test_notification_preferences_update_changes_an_existing_choice() -> None:
    reader = ReaderFactory()
    notification_preferences_update(user=reader, preferences={"mention": "off"})

    notification_preferences_update(user=reader, preferences={"mention": "in_app"})

    assert stored(reader) == {"mention": "in_app"}


def test_notification_preferences_update_refuses_unknown_kinds_and_deliveries_saving_nothing() -> (
    None
):
    reader = ReaderFactory()

    with pytest.raises(ValidationError) as excinfo:
        notification_preferences_update(
            user=reader, preferences={"reply": "off", "gossip": "email", "mention": "pigeon"}
        )

    assert excinfo.value.message_dict == {
        "gossip": ["“gossip” is not a kind of notification."],
        "mention": ["“pigeon” is not a delivery; choose one of in_app, email, digest, off."],
    }
    assert stored(reader) == {}


def test_notification_preferences_update_refuses_moderation_kinds_from_readers() -> None:
    reader = ReaderFactory()

    with pytest.raises(ValidationError) as excinfo:
        notification_preferences_update(user=reader, preferences={"moderation_queue": "off"})

    assert excinfo.value.message_dict == {
        "moderation_queue": ["Only moderators receive this notification."]
    }
    assert stored(reader) == {}


def test_notification_preferences_update_lets_moderators_set_moderation_kinds() -> None:
    moderator = ModeratorFactory()

    notification_preferences_update(user=moderator, preferences={"moderation_queue": "in_app"})

    assert stored(moderator) == {"moderation_queue": "in_app"}


def test_settings_notifications_redirects_anonymous_users_to_login(client: Client) -> None:
    response = client.get(SETTINGS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/settings/notifications/")


def test_settings_notifications_shows_every_reader_kind_with_its_default(client: Client) -> None:
    client.force_login(ReaderFactory())

    response = client.get(SETTINGS_URL)

    form = response.context["form"]
    assert list(form.fields) == [kind.value for kind in READER_KINDS]
    html = response.content.decode()
    assert "Replies to my comments" in html
    assert "(moderators)" not in html
    assert '<option value="digest" selected>' in html  # watched topics: the daily digest


def test_settings_notifications_shows_moderation_kinds_to_moderators(client: Client) -> None:
    client.force_login(ModeratorFactory())

    html = client.get(SETTINGS_URL).content.decode()

    assert "New items in the moderation queue (moderators)" in html
    assert 'name="moderation_reminder"' in html


def test_settings_notifications_saves_the_choices(client: Client) -> None:
    reader = ReaderFactory()
    client.force_login(reader)
    data = {kind.value: DEFAULT_DELIVERY[kind] for kind in READER_KINDS} | {"mention": "off"}

    response = client.post(SETTINGS_URL, data, follow=True)

    assert stored(reader) == {"mention": "off"}
    assert "Your notification settings are saved." in response.content.decode()
    assert response.context["form"].initial["mention"] == Delivery.OFF


def test_settings_notifications_unknown_delivery_is_a_field_error(client: Client) -> None:
    reader = ReaderFactory()
    client.force_login(reader)
    data = {kind.value: DEFAULT_DELIVERY[kind] for kind in READER_KINDS} | {"reply": "pigeon"}

    response = client.post(SETTINGS_URL, data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reply": ["Select a valid choice. pigeon is not one of the available choices."]
    }
    assert stored(reader) == {}


def test_settings_notifications_ignores_moderation_kinds_posted_by_readers(client: Client) -> None:
    reader = ReaderFactory()
    client.force_login(reader)
    data = {kind.value: DEFAULT_DELIVERY[kind] for kind in READER_KINDS}

    client.post(SETTINGS_URL, data | {"moderation_queue": "in_app"})

    assert stored(reader) == {}


def test_settings_notifications_query_count_is_pinned(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    moderator = ModeratorFactory()
    for kind in NotificationKind:
        NotificationPreference.objects.create(user=moderator, kind=kind, delivery=Delivery.OFF)
    client.force_login(moderator)

    # Session, user, roles, preferences, the address check of the account notice, and the
    # moderation queue's two counts in a moderator's navigation, the unread notifications.
    with django_assert_max_num_queries(8):
        client.get(SETTINGS_URL)
