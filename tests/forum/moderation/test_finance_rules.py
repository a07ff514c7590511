"""The finance rules through posting: pump language near a ticker, promotion links and pumps
without a disclosure are held, each with its reason and the text it found; ordinary investor
comments pass. The rules are switched and tuned in the admin, and apply at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.finance.config import finance_config
from forum.moderation.models import FinanceRules, ModerationLogEntry, PromotionPattern
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, UserFactory, comment
from tests.forum.moderation.finance_examples import HELD, ORDINARY, Disclosure

pytestmark = pytest.mark.django_db


def posted(topic: Topic, body: str, disclosure: Disclosure = None, **kwargs: Any) -> Post:
    """By a new reader each time: the rate limit counts per author."""
    return post_create(
        topic=topic, author=kwargs.get("author") or ReaderFactory(), body=body,
        disclosure=disclosure,
    )  # fmt: skip


def codes(post: Post) -> list[str]:
    return [reason["code"] for reason in post.hold_reasons]


def marked(post: Post, code: HoldCode) -> list[str]:
    """The parts of the body the reason with `code` marks."""
    (reason,) = [r for r in post.hold_reasons if r["code"] == code]
    return [post.body[start:end] for start, end in reason["spans"]]


def test_the_examples_are_enough() -> None:
    assert len(HELD) >= 40
    assert len(ORDINARY) >= 100
    assert sum(HoldCode.PROMOTION_LINK in expected for _b, _d, expected in HELD) >= 10
    assert sum(expected[0] == HoldCode.PUMP for _b, _d, expected in HELD) >= 5


@pytest.mark.parametrize(("body", "disclosure", "expected"), HELD)
def test_finance_rules_hold(
    topic: Topic, body: str, disclosure: Disclosure, expected: tuple[HoldCode, ...]
) -> None:
    post = posted(topic, body, disclosure)

    assert post.status == Post.Status.PENDING
    assert (post.held_code, codes(post)) == (expected[0], list(expected))
    assert all(reason["text"] and reason["spans"] for reason in post.hold_reasons)
    entry = ModerationLogEntry.objects.get(post=post, action=ModerationLogEntry.Action.HOLD)
    assert entry.held_code == expected[0]


@pytest.mark.parametrize(("body", "disclosure"), ORDINARY)
def test_finance_rules_pass_ordinary_comments(
    topic: Topic, body: str, disclosure: Disclosure
) -> None:
    post = posted(topic, body, disclosure)

    assert (post.status, post.hold_reasons) == (Post.Status.VISIBLE, [])


def test_pump_reason_marks_the_ticker_and_the_pump_language(topic: Topic) -> None:
    post = posted(topic, "Quiet week. Then $MP will 10x by Friday, says my cousin.")

    assert marked(post, HoldCode.PUMP) == ["$MP", "10x"]
    assert marked(post, HoldCode.UNDISCLOSED_POSITION) == ["$MP", "10x"]
    assert post.held_reason == "Pumps $MP without disclosing a position (long, short or none)."
    assert post.hold_reasons[1]["text"] == 'Pump language near $MP: "10x".'


def test_promotion_reason_marks_the_link_and_says_why(topic: Topic) -> None:
    post = posted(topic, "Daily picks: https://t.me/reepicks and more.")

    assert marked(post, HoldCode.PROMOTION_LINK) == ["https://t.me/reepicks"]
    assert post.held_reason == "Links to promotion: https://t.me/reepicks (Telegram invite)."


def test_tickers_are_stored_on_the_post(topic: Topic) -> None:
    post = posted(topic, "Comparing $MP with Lynas and ASX:ILU this quarter.")

    assert post.tickers == ["MP", "LYC.AX", "ILU.AX"]


def test_pump_far_from_any_ticker_passes(topic: Topic) -> None:
    filler = "The separation plant story is long and slow. " * 6
    post = posted(
        topic, f"$MP reported on Tuesday. {filler} Anyway, to the moon with space mining."
    )

    assert post.status == Post.Status.VISIBLE


def test_pump_is_held_from_an_author_in_good_standing(topic: Topic, settings: Settings) -> None:
    author = ReaderFactory()
    elsewhere = ArticleFactory().discussion
    for _ in range(settings.FORUM_STANDING_POSTS + 2):
        comment(elsewhere, author=author)

    post = posted(topic, "$LYC to the moon", "long", author=author)

    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.PUMP)


def test_discussion_staff_are_not_held(topic: Topic) -> None:
    post = posted(topic, "$MP will 10x by Friday, join t.me/x", author=ModeratorFactory())

    assert post.status == Post.Status.VISIBLE
    assert post.tickers == ["MP"]


def test_an_edit_into_a_pump_is_held_again_with_its_reasons(topic: Topic) -> None:
    author = ReaderFactory()
    post = posted(topic, "$MP reported a loss.", author=author)

    post = post_edit(post=post, editor=author, body="$MP reported a loss. Still, 10x by Friday!")

    assert post.status == Post.Status.PENDING
    assert codes(post) == [HoldCode.UNDISCLOSED_POSITION, HoldCode.PUMP]
    assert post.held_reason.startswith("Edited: Pumps $MP")


def test_an_edit_keeps_the_disclosure_for_tickers_still_named(topic: Topic) -> None:
    author = ReaderFactory()
    post = posted(topic, "Long $MP and $LYC.", {"MP": "long", "LYC": "long"}, author=author)

    post = post_edit(post=post, editor=author, body="Long $MP, sold the rest; to the moon.")

    assert (post.tickers, post.disclosure) == (["MP"], {"MP": "long"})
    assert codes(post) == [HoldCode.PUMP]


# Tuned in the admin


def admin_save(client: Client, capture: DjangoCaptureOnCommitCallbacks, **changes: Any) -> None:
    fields = {
        "pump_enabled": "on",
        "pump_window": 150,
        "pump_min_multiple": 5,
        "pump_phrases": FinanceRules.objects.get().pump_phrases,
        "promotion_enabled": "on",
        "disclosure_enabled": "on",
    }
    fields.update(changes)
    fields = {name: value for name, value in fields.items() if value is not None}
    with capture(execute=True):
        response = client.post("/admin/moderation/financerules/1/change/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def superuser_client(client: Client) -> Client:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_switches_the_pump_rules_off(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    admin_save(
        superuser_client, django_capture_on_commit_callbacks,
        pump_enabled=None, disclosure_enabled=None,
    )  # fmt: skip

    assert posted(topic, "$MP will 10x by Friday").status == Post.Status.VISIBLE
    assert posted(topic, "See t.me/mp_army").held_code == HoldCode.PROMOTION_LINK


def test_with_the_pump_rule_off_an_undisclosed_pump_is_still_held_for_that(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    admin_save(superuser_client, django_capture_on_commit_callbacks, pump_enabled=None)

    assert codes(posted(topic, "$MP will 10x by Friday")) == [HoldCode.UNDISCLOSED_POSITION]
    assert posted(topic, "$MP will 10x by Friday!", "long").status == Post.Status.VISIBLE


def test_admin_switches_the_promotion_rule_off(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    admin_save(superuser_client, django_capture_on_commit_callbacks, promotion_enabled=None)

    assert posted(topic, "See t.me/mp_army").status == Post.Status.VISIBLE


def test_admin_tunes_the_multiple_the_window_and_the_phrases(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    # Five new readers naming $MP within the hour would be a coordinated push: not what this
    # test is about (test_coordinated.py is).
    settings.COORDINATED_PUSH_ACCOUNTS = 10_000
    admin_save(
        superuser_client, django_capture_on_commit_callbacks,
        pump_min_multiple=20, pump_window=10, pump_phrases="free lunch",
    )  # fmt: skip

    assert posted(topic, "$MP will 10x").status == Post.Status.VISIBLE
    assert posted(topic, "$MP will 25x").held_code == HoldCode.UNDISCLOSED_POSITION
    assert posted(topic, "$MP, honestly, after all this time, 25x").status == Post.Status.VISIBLE
    assert posted(topic, "$LYC: last chance").status == Post.Status.VISIBLE
    assert posted(topic, "$LYC free  lunch").held_code == HoldCode.UNDISCLOSED_POSITION


def test_promotion_pattern_added_in_the_admin_holds_at_once(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    assert posted(topic, "Picks at https://picks.example/join").status == Post.Status.VISIBLE

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            "/admin/moderation/promotionpattern/add/",
            {"kind": "prefix", "pattern": "https://picks.example/join", "note": "Paid picks",
             "enabled": "on"},
        )  # fmt: skip

    assert response.status_code == 302
    post = posted(topic, "Picks at https://picks.example/join?x=1")
    assert post.held_reason == "Links to promotion: https://picks.example/join?x=1 (Paid picks)."


def test_promotion_pattern_switched_off_in_the_admin_no_longer_holds(
    topic: Topic,
    superuser_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    telegram = PromotionPattern.objects.get(kind="domain", pattern="t.me")

    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(
            f"/admin/moderation/promotionpattern/{telegram.pk}/change/",
            {"kind": "domain", "pattern": "t.me", "note": "Telegram invite"},
        )

    assert posted(topic, "See t.me/mp_army").status == Post.Status.VISIBLE


def test_promotion_pattern_refuses_a_broken_regular_expression(superuser_client: Client) -> None:
    response = superuser_client.post(
        "/admin/moderation/promotionpattern/add/", {"kind": "regex", "pattern": "(unclosed"}
    )

    assert response.status_code == 200
    assert "Not a regular expression" in response.content.decode()
    assert not PromotionPattern.objects.filter(pattern="(unclosed").exists()


def test_moderators_may_read_the_finance_rules_but_not_change_them(mod_client: Client) -> None:
    page = mod_client.get("/admin/moderation/financerules/1/change/")
    change = mod_client.post("/admin/moderation/financerules/1/change/", {"pump_window": 1})

    assert page.status_code == 200
    assert change.status_code == 403
    assert FinanceRules.objects.get().pump_window == 150


def test_finance_rules_cannot_be_deleted_or_doubled(superuser_client: Client) -> None:
    assert superuser_client.get("/admin/moderation/financerules/add/").status_code == 403
    assert superuser_client.get("/admin/moderation/financerules/1/delete/").status_code == 403


def test_rules_changed_outside_the_admin_apply_once_told(
    topic: Topic, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        FinanceRules.objects.filter(pk=1).update(pump_enabled=False, disclosure_enabled=False)
        finance_config.changed()

    assert posted(topic, "$MP to the moon").status == Post.Status.VISIBLE
