"""Moderation in the Django admin: posts change only through the services' actions, word lists
are edited in place, reports and the log read only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic
from forum.moderation.models import ModerationLogEntry, Report, WordRule
from forum.moderation.services.decisions import post_reject
from forum.moderation.services.reports import report_create
from tests.factories import (
    AdministratorFactory,
    CategoryFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
)

pytestmark = pytest.mark.django_db

POSTS = "/admin/discussions/post/"
WORD_RULES = "/admin/moderation/wordrule/"
REPORTS = "/admin/moderation/report/"
LOG = "/admin/moderation/moderationlogentry/"


@pytest.fixture(autouse=True)
def _first_posts_held(settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


@pytest.fixture
def mod_client(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(client: Client, action: str, posts: list[Post]) -> list[str]:
    """Run a changelist action on `posts`; the messages it left."""
    response = client.post(POSTS, {"action": action, "_selected_action": [p.pk for p in posts]})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def _status(post: Post) -> str:
    return Post.objects.get(pk=post.pk).status


# --- Posts ----------------------------------------------------------------------------------------


def test_post_changelist_lists_posts_with_status_held_reason_author_and_topic(
    mod_client: Client, topic: Topic
) -> None:
    held = comment(topic, body="Cerium oxide is cheap again.")
    CategoryFactory()  # a category filter shows when there are two to choose from

    page = mod_client.get(f"{POSTS}?status__exact=pending").content.decode()

    assert "Cerium oxide is cheap again." in page
    assert "A first post: the author has 0 approved posts." in page
    assert held.author.public_name in page
    assert topic.title in page
    for parameter in ("status__exact", "is_featured__exact", "topic__category__id__exact"):
        assert parameter in page  # the filters


def test_post_changelist_shows_and_filters_by_the_code_of_the_rule_that_held_a_post(
    mod_client: Client, topic: Topic
) -> None:
    WordRule.objects.create(phrase="pump", kind=WordRule.Kind.SUSPECT)
    suspect = comment(topic, body="Time to pump.")
    first = comment(topic, body="Nothing to see.")  # held too, as a first post

    page = mod_client.get(f"{POSTS}?held_code__exact=suspect_word").content.decode()

    assert HoldCode.SUSPECT_WORD.label in page
    assert suspect.body in page
    assert first.body not in page


def test_post_changelist_searches_bodies_and_author_handles(
    mod_client: Client, topic: Topic
) -> None:
    author = ReaderFactory(username="lanthanum_larry")
    comment(topic, author=author, body="Praseodymium for everyone.")
    comment(topic, body="Nothing to see.")

    by_body = mod_client.get(f"{POSTS}?q=praseodymium").content.decode()
    by_handle = mod_client.get(f"{POSTS}?q=lanthanum_larry").content.decode()

    for page in (by_body, by_handle):
        assert "Praseodymium for everyone." in page
        assert "Nothing to see." not in page


def test_post_changelist_costs_a_fixed_number_of_queries(
    mod_client: Client, topic: Topic, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(40):
        comment(topic)

    with django_assert_max_num_queries(12):
        assert mod_client.get(POSTS).status_code == 200


def test_post_admin_approve_action_approves_held_posts_and_reports_the_rest(
    mod_client: Client, topic: Topic
) -> None:
    held = comment(topic)
    shown = comment(topic, author=ModeratorFactory())

    messages = _act(mod_client, "approve", [held, shown])

    assert messages == [
        "Approved 1 post.",
        f"Skipped post {shown.pk}: This comment was already handled: it is now visible.",
    ]
    assert _status(held) == Post.Status.VISIBLE
    assert ModerationLogEntry.objects.filter(action="approve", post=held).exists()


def test_post_admin_reject_action_gives_the_author_the_admins_reason(
    mod_client: Client, topic: Topic
) -> None:
    held = comment(topic)

    assert _act(mod_client, "reject", [held]) == ["Rejected 1 post."]

    held.refresh_from_db()
    assert held.status == Post.Status.REJECTED
    assert held.moderation_reason == "Breaks the community rules: Rejected in the admin"


def test_post_admin_remove_action_takes_visible_posts_down(
    mod_client: Client, topic: Topic
) -> None:
    shown = comment(topic, author=ModeratorFactory())

    assert _act(mod_client, "remove", [shown]) == ["Removed 1 post."]

    shown.refresh_from_db()
    assert shown.status == Post.Status.REMOVED
    assert shown.moderation_reason == "Breaks the community rules: Removed in the admin"


def test_post_admin_restore_action_shows_refused_posts_again(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    refused = post_reject(post=comment(topic), moderator=moderator, reason="Off-topic")
    held = comment(topic)

    messages = _act(mod_client, "restore", [refused, held])

    assert messages[0] == "Restored 1 post."
    assert messages[1].startswith(f"Skipped post {held.pk}: ")
    assert _status(refused) == Post.Status.VISIBLE
    assert _status(held) == Post.Status.PENDING


def test_post_admin_reads_only_no_add_change_or_delete(mod_client: Client, topic: Topic) -> None:
    held = comment(topic)

    page = mod_client.get(f"{POSTS}{held.pk}/change/").content.decode()

    assert 'name="status"' not in page
    assert 'name="body"' not in page
    assert mod_client.post(f"{POSTS}{held.pk}/change/", {"status": "visible"}).status_code == 403
    assert mod_client.get(f"{POSTS}add/").status_code == 403
    assert mod_client.post(f"{POSTS}{held.pk}/delete/", {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in mod_client.get(POSTS).content.decode()
    assert _status(held) == Post.Status.PENDING


def test_post_admin_open_to_superusers_and_administrators(topic: Topic) -> None:
    held = comment(topic)
    superuser = UserFactory(is_staff=True, is_superuser=True)

    assert _client_for(AdministratorFactory()).get(POSTS).status_code == 200
    assert _act(_client_for(superuser), "approve", [held]) == ["Approved 1 post."]


def test_post_admin_actions_refused_when_the_user_is_not_discussion_staff(topic: Topic) -> None:
    """Seeing posts (a model permission) is not moderating them (a role)."""
    held = comment(topic)
    viewer = EditorFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_post"))
    client = _client_for(viewer)

    assert 'value="approve"' not in client.get(POSTS).content.decode()
    response = client.post(POSTS, {"action": "approve", "_selected_action": [held.pk]})

    assert response.status_code == 200  # no action to run: the list again
    assert _status(held) == Post.Status.PENDING
    assert not ModerationLogEntry.objects.filter(action="approve").exists()


@pytest.mark.parametrize("url", [POSTS, WORD_RULES, REPORTS, LOG])
def test_moderation_admin_pages_refused_when_the_user_is_an_editor(url: str) -> None:
    assert _client_for(EditorFactory()).get(url).status_code == 403


@pytest.mark.parametrize("url", [POSTS, WORD_RULES, REPORTS, LOG])
def test_moderation_admin_pages_refused_when_the_user_is_a_reader(url: str) -> None:
    response = _client_for(ReaderFactory()).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_lists_the_moderation_models_for_a_moderator(mod_client: Client) -> None:
    page = mod_client.get("/admin/").content.decode()

    for url in (POSTS, WORD_RULES, REPORTS, LOG):
        assert f'href="{url}"' in page


# --- Word lists -----------------------------------------------------------------------------------


def test_word_rule_admin_adds_a_rule(mod_client: Client) -> None:
    response = mod_client.post(f"{WORD_RULES}add/", {"phrase": "pump and dump", "kind": "banned"})

    assert response.status_code == 302
    assert WordRule.objects.get().kind == WordRule.Kind.BANNED


def test_word_rule_admin_edits_kinds_in_the_list(mod_client: Client) -> None:
    rule = WordRule.objects.create(phrase="guaranteed returns", kind=WordRule.Kind.SUSPECT)

    response = mod_client.post(
        WORD_RULES,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(rule.pk),
            "form-0-kind": WordRule.Kind.BANNED,
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.kind == WordRule.Kind.BANNED


# --- Reports and the log --------------------------------------------------------------------------


def test_report_admin_lists_reports_and_reads_only(mod_client: Client, topic: Topic) -> None:
    post = comment(topic, author=ModeratorFactory())
    report = report_create(
        post=post, reporter=ReaderFactory(), reason="other", text="Wrong figures."
    )

    page = mod_client.get(f"{REPORTS}?status__exact=open&reason__exact=other").content.decode()

    assert "Wrong figures." in page
    assert mod_client.get(f"{REPORTS}add/").status_code == 403
    assert (
        mod_client.post(f"{REPORTS}{report.pk}/change/", {"status": "dismissed"}).status_code == 403
    )
    assert mod_client.post(f"{REPORTS}{report.pk}/delete/", {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_log_admin_filters_and_searches_entries(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post_reject(post=comment(topic), moderator=moderator, reason="Off-topic: lithium")
    comment(topic)

    by_action = mod_client.get(f"{LOG}?action__exact=reject").content.decode()
    by_actor = mod_client.get(f"{LOG}?actor__id__exact={moderator.pk}").content.decode()
    by_reason = mod_client.get(f"{LOG}?q=lithium").content.decode()

    for page in (by_action, by_actor, by_reason):
        assert "Off-topic: lithium" in page
        assert "A first post" not in page
    assert "created_at__gte" in mod_client.get(LOG).content.decode()  # the date filter


def test_log_admin_cannot_add_change_or_delete_an_entry(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    superuser = _client_for(UserFactory(is_staff=True, is_superuser=True))
    comment(topic)
    entry = ModerationLogEntry.objects.get()

    for client in (mod_client, superuser):
        assert client.get(f"{LOG}add/").status_code == 403
        assert client.post(f"{LOG}{entry.pk}/change/", {"reason": "Edited."}).status_code == 403
        assert client.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
        assert 'value="delete_selected"' not in client.get(LOG).content.decode()
    entry.refresh_from_db()
    assert entry.reason == "A first post: the author has 0 approved posts."


# --- Categories and topics ----------------------------------------------------------------------


def test_category_and_topic_admin_show_premoderation(topic: Topic) -> None:
    client = _client_for(UserFactory(is_staff=True, is_superuser=True))

    for url in ("/admin/discussions/category/", "/admin/discussions/topic/"):
        page = client.get(url).content.decode()
        assert "column-premoderate" in page
        assert "premoderate__exact" in page


def test_post_admin_spam_action_rejects_and_suspends_the_author(
    mod_client: Client, topic: Topic
) -> None:
    post = comment(topic)

    _act(mod_client, "mark_spam", [post])

    post.refresh_from_db()
    post.author.refresh_from_db()
    assert post.status == Post.Status.REJECTED
    assert post.author.effective_state == User.State.SUSPENDED


def test_post_admin_feature_action_features_visible_posts(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 0
    post = comment(topic)

    _act(mod_client, "feature", [post])

    post.refresh_from_db()
    assert post.is_featured


def test_closing_a_topic_in_the_admin_is_logged_as_at_the_moderation_page(
    admin_client: Client, admin_user: User, topic: Topic
) -> None:
    fields = {
        "category": topic.category_id,
        "article": topic.article_id,
        "title": topic.title,
        "slug": topic.slug,
        "author": topic.author_id or "",
        "is_closed": "on",
        "last_activity_at_0": topic.last_activity_at.strftime("%Y-%m-%d"),
        "last_activity_at_1": topic.last_activity_at.strftime("%H:%M:%S"),
        "created_at_0": topic.created_at.strftime("%Y-%m-%d"),
        "created_at_1": topic.created_at.strftime("%H:%M:%S"),
    }

    response = admin_client.post(f"/admin/discussions/topic/{topic.pk}/change/", fields)

    assert response.status_code == 302
    assert Topic.objects.get(pk=topic.pk).is_closed
    [entry] = ModerationLogEntry.objects.filter(topic=topic)
    assert (entry.action, entry.actor, entry.reason) == (
        ModerationLogEntry.Action.CLOSE_TOPIC,
        admin_user,
        "Changed in the admin.",
    )
