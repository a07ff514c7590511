"""The finance rules on the moderation card, its API and the author's view: every reason a post
was held with the text each found marked, the tickers found and the author's disclosure."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_create
from forum.moderation.services.decisions import post_approve
from forum.moderation.services.reports import report_create
from tests.factories import ModeratorFactory, ReaderFactory
from tests.forum.moderation.helpers import _item, _page

pytestmark = pytest.mark.django_db

QUEUE_URL = "/api/v1/moderation/queue/"
PUMP = "Quiet week. Then $MP will 10x by Friday, see t.me/mp_army"


@pytest.fixture
def pumped(topic: Topic) -> Post:
    post = post_create(topic=topic, author=ReaderFactory(), body=PUMP)
    assert post.held_code == HoldCode.UNDISCLOSED_POSITION
    return post


def test_card_api_gives_every_finance_reason_with_its_spans_and_the_tickers(
    moderator_client: Client, pumped: Post
) -> None:
    (item,) = moderator_client.get(QUEUE_URL).json()["results"]

    reasons = item["hold_reasons"]
    assert [r["code"] for r in reasons] == ["undisclosed_position", "pump", "promotion_link"]
    spans = {r["code"]: [PUMP[s["start"] : s["end"]] for s in r["spans"]] for r in reasons}
    assert spans == {
        "undisclosed_position": ["$MP", "10x"],
        "pump": ["$MP", "10x"],
        "promotion_link": ["t.me/mp_army"],
    }
    assert reasons[2]["text"] == "Links to promotion: t.me/mp_army (Telegram invite)."
    assert (item["tickers"], item["disclosure"]) == (["MP"], {})


def test_card_page_marks_what_each_finance_rule_found(
    moderator_client: Client, topic: Topic, pumped: Post
) -> None:
    card = _item(_page(moderator_client), pumped)

    assert "<mark>$MP</mark> will <mark>10x</mark> by Friday" in card
    assert "<mark>t.me/mp_army</mark>" in card
    assert "Pumps $MP without disclosing a position" in card
    assert "<strong>Tickers:</strong> $MP." in card
    assert "No disclosure." in card


def test_card_page_shows_the_disclosure(moderator_client: Client, topic: Topic) -> None:
    post = post_create(
        topic=topic, author=ReaderFactory(), body="$LYC to the moon", disclosure="long"
    )

    card = _item(_page(moderator_client), post)

    assert "Discloses: long $LYC.AX</span>" in card


def test_author_view_gives_every_finance_code(client: Client, topic: Topic) -> None:
    author = ReaderFactory()
    post = post_create(topic=topic, author=author, body=PUMP)
    client.force_login(author)

    node = client.get(f"/api/v1/posts/{post.pk}/").json()

    assert [r["code"] for r in node["hold_reasons"]] == [
        "undisclosed_position",
        "pump",
        "promotion_link",
    ]


def test_a_post_hidden_later_by_reports_is_held_for_the_reports_not_its_old_reasons(
    topic: Topic, settings: Settings, moderator_client: Client
) -> None:
    body = "$LYC to the moon"
    post = post_create(topic=topic, author=ReaderFactory(), body=body, disclosure="long")
    post_approve(post=post, moderator=ModeratorFactory())
    for _ in range(settings.FORUM_REPORT_THRESHOLD):
        report_create(post=post, reporter=ReaderFactory(), reason="spam")
    post.refresh_from_db()
    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.REPORTS)

    (item,) = moderator_client.get(QUEUE_URL, {"status": "reported"}).json()["results"]

    assert [r["code"] for r in item["hold_reasons"]] == ["reports"]
