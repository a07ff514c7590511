"""Display names may not copy another user's name with look-alike letters, nor turn text around
with bidi controls: through the settings page and the API alike (both go through
accounts.services.profiles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.confusables import bidi_controls, lookalike_key, skeleton
from accounts.models import User
from accounts.services.profiles import (
    DISPLAY_NAME_BIDI_MESSAGE,
    DISPLAY_NAME_LOOKALIKE_MESSAGE,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/settings/profile/"
ME = "/api/v1/me/"
CYRILLIC_COPY = "R\u0435ader \u0410"  # "Reader A" with a Cyrillic e and A
Save = Callable[[Client, User, str], Any]
BIDI_CONTROLS = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
]


def _save_form(client: Client, user: User, display_name: str) -> Any:
    client.force_login(user)
    return client.post(SETTINGS_URL, {"display_name": display_name, "bio": ""})


def _patch_api(client: Client, user: User, display_name: str) -> Any:
    client.force_login(user)
    return client.patch(ME, {"display_name": display_name}, content_type="application/json")


def test_skeleton_is_the_same_for_look_alike_letters() -> None:
    assert skeleton(CYRILLIC_COPY) == skeleton("Reader A")
    assert skeleton("paypaI") == skeleton("paypal")
    assert skeleton("m") == skeleton("rn")  # TR39's own example of a multi-letter look-alike
    assert skeleton("Anna") != skeleton("Ann")


def test_lookalike_key_is_also_blind_to_case() -> None:
    assert lookalike_key(CYRILLIC_COPY) == lookalike_key("reader a")
    assert lookalike_key("ANN_R") == lookalike_key("ann_r")
    assert lookalike_key("MAX") == lookalike_key("max")


@pytest.mark.parametrize("char", BIDI_CONTROLS)
def test_bidi_controls_finds_each_direction_changing_character(char: str) -> None:
    assert bidi_controls(f"Ann{char}Reed") == [char]


def test_bidi_controls_finds_none_in_right_to_left_letters() -> None:
    assert bidi_controls("\u0633\u0627\u0631\u0627 Reed") == []  # Arabic letters are fine


@pytest.mark.parametrize("save", [_save_form, _patch_api])
def test_display_name_refused_when_it_copies_another_users_name_with_look_alike_letters(
    client: Client, save: Save
) -> None:
    UserFactory(display_name="Reader A")
    user = UserFactory(display_name="Old name")

    response = save(client, user, CYRILLIC_COPY)

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.display_name == "Old name"


def test_display_name_refusal_names_the_field_on_the_settings_page(client: Client) -> None:
    UserFactory(display_name="Reader A")

    response = _save_form(client, UserFactory(), CYRILLIC_COPY)

    assert response.context["form"].errors == {"display_name": [DISPLAY_NAME_LOOKALIKE_MESSAGE]}
    assert DISPLAY_NAME_LOOKALIKE_MESSAGE.replace("'", "&#x27;") in response.content.decode()


def test_display_name_refusal_names_the_field_in_the_api(client: Client) -> None:
    UserFactory(display_name="Reader A")

    response = _patch_api(client, UserFactory(), CYRILLIC_COPY)

    assert response.json() == {"display_name": [DISPLAY_NAME_LOOKALIKE_MESSAGE]}


@pytest.mark.parametrize("name", ["Reader A", "reader a", "READER A"])
def test_display_name_refused_when_it_copies_another_users_name_in_any_case(
    client: Client, name: str
) -> None:
    UserFactory(display_name="Reader A")

    response = _patch_api(client, UserFactory(), name)

    assert response.json() == {"display_name": [DISPLAY_NAME_LOOKALIKE_MESSAGE]}


@pytest.mark.parametrize("name", ["ann_r", "ANN_R", "\u0430nn_r"])  # Cyrillic a
def test_display_name_refused_when_it_copies_another_users_handle(
    client: Client, name: str
) -> None:
    UserFactory(username="ann_r")

    response = _save_form(client, UserFactory(), name)

    assert response.status_code == 400
    assert response.context["form"].errors == {"display_name": [DISPLAY_NAME_LOOKALIKE_MESSAGE]}


@pytest.mark.parametrize("save", [_save_form, _patch_api])
@pytest.mark.parametrize("char", BIDI_CONTROLS)
def test_display_name_refused_when_it_holds_a_bidi_control(
    client: Client, save: Save, char: str
) -> None:
    user = UserFactory(display_name="Old name")

    response = save(client, user, f"Ann{char} Reed")

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.display_name == "Old name"


def test_display_name_bidi_refusal_names_the_field_in_the_api(client: Client) -> None:
    response = _patch_api(client, UserFactory(), "\u202eReed Ann")

    assert response.json() == {"display_name": [DISPLAY_NAME_BIDI_MESSAGE]}


def test_display_name_kept_when_another_user_has_since_taken_one_like_it(client: Client) -> None:
    user = UserFactory(display_name="Reader A")
    UserFactory(display_name=CYRILLIC_COPY)  # made before the rule, or in the admin

    response = _patch_api(client, user, "Reader A")

    assert response.status_code == 200
    assert response.json()["display_name"] == "Reader A"


def test_display_name_may_look_like_its_own_handle(client: Client) -> None:
    user = UserFactory(username="ann_r")

    response = _save_form(client, user, "Ann_R")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ann_R"


def test_display_name_may_look_like_a_deleted_users_former_name(client: Client) -> None:
    UserFactory(display_name="Reader A", state=User.State.DELETED)

    response = _patch_api(client, UserFactory(), "Reader A")

    assert response.status_code == 200


def test_display_name_accepted_when_like_no_one_elses(client: Client) -> None:
    UserFactory(display_name="Reader A")
    user = UserFactory()

    response = _save_form(client, user, "Reader B \u0633\u0627\u0631\u0627")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Reader B \u0633\u0627\u0631\u0627"


def test_display_name_may_be_emptied(client: Client) -> None:
    user = UserFactory(display_name="Reader A")

    response = _patch_api(client, user, "")

    assert response.status_code == 200
    assert response.json()["display_name"] == ""
