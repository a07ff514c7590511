"""Decisions under htmx: the one-line result in place of the item, the tab counts swapped
out of band, the forms that post through htmx and work without it; and a second moderator
deciding an item already handled, with htmx and without."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from tests.factories import ModeratorFactory
from tests.forum.moderation.helpers import (
    QUEUE,
    Action,
    _action,
    _client_for,
    _decide,
    _held,
    _item,
    _page,
    _pending_in_bulk,
    _reload,
    _reported,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]

HTMX = {"HX-Request": "true"}

OOB_TABS = '<nav class="mod-tabs" id="mod-tabs" aria-label="Queues" hx-swap-oob="true">'


def _swapped(response: HttpResponse) -> tuple[str, str]:
    """An answer to a decision under htmx: what is swapped in where the decision was made, and
    the queue's tabs that come along to be swapped out of band."""
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(OOB_TABS) == 1
    result, tabs = body.split(OOB_TABS)
    return result, OOB_TABS + tabs


# --- Two moderators on one item ------------------------------------------------------------------


def test_second_moderator_is_told_who_handled_the_item_first_and_nothing_changes_twice(
    topic: Topic,
) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    post = _held(topic)
    _decide(_client_for(first), post, "approve")

    page = _decide(_client_for(second), post, "reject", reason="spam")

    assert f"This comment was already handled by {first.public_name}: it is now visible." in page
    post = _reload(post)
    assert post.status == Post.Status.VISIBLE
    assert post.moderated_by == first
    assert not ModerationLogEntry.objects.filter(action=Action.REJECT).exists()
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


def test_second_moderator_under_htmx_sees_already_handled_in_place(topic: Topic) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    post = _held(topic)
    _client_for(first).post(_action(post, "approve"), headers=HTMX)

    response = _client_for(second).post(_action(post, "approve"), headers=HTMX)

    result, _tabs = _swapped(response)
    assert result == (
        '<p class="mod-result mod-result-warning" role="status">'
        f"This comment was already handled by {first.public_name}: it is now visible.</p>\n"
    )
    assert ModerationLogEntry.objects.filter(action=Action.APPROVE).count() == 1


# --- htmx: the result in place of the item ------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "result"),
    [
        ("approve", {}, "Approved ✓"),
        ("reject", {"reason": "abuse"}, "Rejected ✓"),
        ("spam", {}, "Marked as spam ✓"),
        ("close-topic", {}, "Discussion closed ✓"),
    ],
)
def test_decision_under_htmx_returns_the_one_line_result(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str], result: str
) -> None:
    post = _held(topic)

    response = mod_client.post(_action(post, action), data, headers=HTMX)

    swapped, _tabs = _swapped(response)
    assert swapped == f'<p class="mod-result mod-result-success" role="status">{result}</p>\n'


@pytest.mark.parametrize(
    ("action", "data"), [("approve", {}), ("reject", {"reason": "spam"}), ("spam", {})]
)
def test_decision_under_htmx_updates_the_tab_counts_out_of_band(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str]
) -> None:
    post, _other = _held(topic), _held(topic)
    _reported(topic, (Report.Reason.SPAM, ""))
    assert 'Pending <span class="mod-count">2</span>' in _page(mod_client)

    response = mod_client.post(
        _action(post, action), {"next": f"{QUEUE}?queue=pending", **data}, headers=HTMX
    )

    _result, tabs = _swapped(response)
    assert 'aria-current="page">Pending <span class="mod-count">1</span>' in tabs
    assert 'Reported <span class="mod-count">1</span>' in tabs


def test_dismissing_reports_under_htmx_counts_down_the_reported_tab_it_was_made_on(
    mod_client: Client, topic: Topic
) -> None:
    post = _reported(topic, (Report.Reason.SPAM, ""))
    _reported(topic, (Report.Reason.ABUSE, ""))

    response = mod_client.post(
        _action(post, "dismiss"), {"next": f"{QUEUE}?queue=reported"}, headers=HTMX
    )

    _result, tabs = _swapped(response)
    assert 'aria-current="page">Reported <span class="mod-count">1</span>' in tabs
    assert 'Pending <span class="mod-count">0</span>' in tabs


def test_decision_under_htmx_keeps_the_count_capped_past_a_thousand(
    mod_client: Client, topic: Topic
) -> None:
    _pending_in_bulk(topic, 1002)
    first, second = Post.objects.filter(status=Post.Status.PENDING)[:2]

    after_first, after_second = (
        _swapped(mod_client.post(_action(post, "approve"), {"next": QUEUE}, headers=HTMX))[1]
        for post in (first, second)
    )

    assert 'Pending <span class="mod-count">1,000+</span>' in after_first  # 1,001 left
    assert 'Pending <span class="mod-count">1000</span>' in after_second  # counted exactly


def test_decision_without_htmx_leads_to_a_page_with_the_new_counts(
    mod_client: Client, topic: Topic
) -> None:
    post, _other = _held(topic), _held(topic)

    page = _decide(mod_client, post, "approve")

    assert "Approved ✓" in page
    assert OOB_TABS not in page
    assert 'aria-current="page">Pending <span class="mod-count">1</span>' in page


def test_queue_item_forms_post_through_htmx_and_work_without_it(
    mod_client: Client, topic: Topic
) -> None:
    post = _held(topic)

    item = _item(_page(mod_client), post)

    approve = _action(post, "approve")
    assert f'action="{approve}" hx-post="{approve}" hx-target="closest .mod-item"' in item
    close = _action(post, "close-topic")
    assert f'action="{close}" hx-post="{close}" hx-target="#status-{post.pk}"' in item
    assert f'<p class="mod-status" id="status-{post.pk}" role="status"></p>' in item
