from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from config.web.id_urls import id_url, plain_url


@pytest.mark.parametrize(
    "viewname", ["forum:post", "forum:like", "forum:edit", "forum:delete", "reports:post"]
)
@pytest.mark.parametrize("pk", [1, 42, 9_223_372_036_854_775_806])
def test_id_url_gives_the_address_reverse_gives(viewname: str, pk: int) -> None:
    assert id_url(viewname)(pk) == reverse(viewname, args=[pk])


def test_id_url_keeps_the_script_prefix_of_when_it_was_made() -> None:
    set_script_prefix("/forum-site/")
    try:
        url = id_url("forum:post")
        assert url(5) == reverse("forum:post", args=[5]) == "/forum-site/forum/p/5/"
    finally:
        set_script_prefix("/")


@override_settings(ROOT_URLCONF="tests.config.web.id_urls_routes")
def test_id_url_refuses_a_route_whose_address_holds_the_marker_id() -> None:
    with pytest.raises(ValueError, match="does not take one value"):
        id_url("marked")


@pytest.mark.parametrize("handle", ["ada", "Ada_Lovelace_1", "a.b", "ünïcode", "two words", "x+y"])
def test_plain_url_gives_the_address_reverse_gives(handle: str) -> None:
    url = plain_url("accounts:profile", "handle")

    assert url(handle) == reverse("accounts:profile", kwargs={"handle": handle})
