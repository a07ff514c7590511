"""The queue items' URLs, reversed once per page (forum/moderation/item_html.py) rather than
reversed once per link: each is the URL reverse() gives, and resolves to its decision."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from config.web.query_params import BIGINT_MAX
from forum.discussions.models import Topic
from forum.moderation.item_html import post_action_url
from forum.moderation.models import Report
from forum.moderation.views.queue import POST_ACTIONS
from tests.forum.moderation.helpers import _held, _item, _page, _reported

FORM_ACTION = re.compile(r'<form method="post" class="[^"]+" action="([^"]+)"')


@pytest.mark.parametrize("pk", [1, 42, 10**9, BIGINT_MAX])
def test_post_action_url_is_what_reverse_gives_for_every_action(pk: int) -> None:
    url = post_action_url()

    for action in POST_ACTIONS:
        assert url(pk, action) == reverse("moderation:post_action", args=[pk, action])


@pytest.mark.django_db
@pytest.mark.usefixtures("premoderated")
def test_queue_items_forms_post_to_their_own_items_decisions(
    mod_client: Client, topic: Topic
) -> None:
    held, reported = _held(topic), _reported(topic, (Report.Reason.SPAM, ""))
    pages = [_page(mod_client), _page(mod_client, "/moderation/?queue=reported")]

    for page, post in zip(pages, (held, reported), strict=True):
        actions = FORM_ACTION.findall(_item(page, post))
        assert len(actions) >= 4
        for action in actions:
            match = resolve(action)
            assert match.view_name == "moderation:post_action"
            assert match.kwargs["pk"] == post.pk
            assert match.kwargs["action"] in POST_ACTIONS
