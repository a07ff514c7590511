"""Editors write, preview, schedule and publish articles through the real Django admin."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from articles.models import Article, Highlight
from forum.discussions.models import Topic
from tests.factories import ArticleFactory, EditorFactory, HighlightFactory, TagFactory, UserFactory

HIGHLIGHTS_PREFIX = "highlights"
# The corrections and updates inline, left empty (tests/articles/test_notes.py fills it).
NO_NOTES = {
    "notes-TOTAL_FORMS": "0",
    "notes-INITIAL_FORMS": "0",
    "notes-MIN_NUM_FORMS": "0",
    "notes-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def editor(db: None) -> User:
    return EditorFactory()


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def _add_url() -> str:
    return reverse("admin:articles_article_add")


def _changelist_url() -> str:
    return reverse("admin:articles_article_changelist")


def _form_data(
    *,
    highlights: Sequence[tuple[int, int, str]] = (),
    publish_at: datetime | None = None,
    **fields: str,
) -> dict[str, object]:
    """What the add form posts: article fields, then the highlights inline's rows."""
    data: dict[str, object] = {
        "title": "Lynas opens a Texas plant",
        "slug": "lynas-opens-a-texas-plant",
        "standfirst": "Separation capacity outside China grows.",
        "author": "",
        "body": "An opening paragraph.\n\n## Capacity\n\nThe plant separates heavy rare earths.",
        "disclaimer": "",
        "source_name": "",
        "source_url": "",
        "source_kind": "",
        "status": Article.Status.DRAFT,
        "publish_at_0": publish_at.strftime("%Y-%m-%d") if publish_at else "",
        "publish_at_1": publish_at.strftime("%H:%M:%S") if publish_at else "",
        "comments_open": "on",
        f"{HIGHLIGHTS_PREFIX}-TOTAL_FORMS": str(len(highlights)),
        f"{HIGHLIGHTS_PREFIX}-INITIAL_FORMS": "0",
        f"{HIGHLIGHTS_PREFIX}-MIN_NUM_FORMS": "0",
        f"{HIGHLIGHTS_PREFIX}-MAX_NUM_FORMS": "1000",
        **NO_NOTES,
        **fields,
    }
    for index, (position, depth, text) in enumerate(highlights):
        data[f"{HIGHLIGHTS_PREFIX}-{index}-position"] = str(position)
        data[f"{HIGHLIGHTS_PREFIX}-{index}-depth"] = str(depth)
        data[f"{HIGHLIGHTS_PREFIX}-{index}-text"] = text
    return data


def _run_action(client: Client, action: str, articles: Sequence[Article]) -> list[str]:
    """Run a changelist action on the articles; the messages it left for the user."""
    response = client.post(
        _changelist_url(),
        {"action": action, "_selected_action": [article.pk for article in articles]},
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def _highlight_errors(response: Any) -> list[str]:
    return list(response.context["inline_admin_formsets"][0].formset.non_form_errors())


def test_article_add_page_offers_the_highlights_inline_with_the_editor_as_author(
    editor: User, editor_client: Client
) -> None:
    response = editor_client.get(_add_url())

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.prefix == HIGHLIGHTS_PREFIX
    assert response.context["adminform"].form.initial["author"] == editor.pk


def test_article_add_saves_a_draft_with_highlights_that_only_editors_can_see(
    editor: User, editor_client: Client
) -> None:
    tag = TagFactory(name="Magnets")
    highlights = [(1, 0, "Capacity:"), (2, 1, "Heavy rare earths"), (3, 0, "Jobs")]

    response = editor_client.post(
        _add_url(), _form_data(highlights=highlights, author=str(editor.pk), tags=[str(tag.pk)])
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="lynas-opens-a-texas-plant")
    assert article.state == Article.State.DRAFT
    assert article.author == editor
    assert list(article.tags.all()) == [tag]
    assert "<h2" in article.body_html
    assert list(article.highlights.values_list("position", "depth", "text")) == highlights
    assert not Topic.objects.filter(article=article).exists()
    assert Client().get(article.get_absolute_url()).status_code == 404
    preview = editor_client.get(article.get_absolute_url())
    assert preview.status_code == 200
    assert "Preview" in preview.content.decode()


def test_article_publish_now_action_makes_a_draft_public_and_opens_its_discussion(
    editor_client: Client,
) -> None:
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    messages = _run_action(editor_client, "publish_now", [article])

    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    assert messages == ["1 article published."]
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert Topic.objects.filter(article=article).exists()


def test_article_publish_now_action_skips_articles_already_live_or_without_a_body(
    editor_client: Client,
) -> None:
    live = ArticleFactory()
    live_since = live.publish_at
    empty = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, body="", title="Empty")

    messages = _run_action(editor_client, "publish_now", [live, empty])

    live.refresh_from_db()
    empty.refresh_from_db()
    assert live.publish_at == live_since
    assert empty.state == Article.State.DRAFT
    assert messages == [
        "“Empty” was not published: A published article needs a body.",
        "0 articles published.",
    ]


def test_article_add_schedules_the_article_when_publish_at_is_in_the_future(
    editor_client: Client,
) -> None:
    response = editor_client.post(
        _add_url(),
        _form_data(status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=1)),
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="lynas-opens-a-texas-plant")
    assert article.state == Article.State.SCHEDULED
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert article.title not in Client().get("/").content.decode()
    assert editor_client.get(article.get_absolute_url()).status_code == 200

    # The publish time passes.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

    assert Client().get(article.get_absolute_url()).status_code == 200
    assert article.title in Client().get("/").content.decode()


def test_article_add_publishes_at_once_when_published_without_a_publish_time(
    editor_client: Client,
) -> None:
    response = editor_client.post(_add_url(), _form_data(status=Article.Status.PUBLISHED))

    assert response.status_code == 302
    article = Article.objects.get(slug="lynas-opens-a-texas-plant")
    assert article.state == Article.State.PUBLISHED
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert Topic.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        ("unpublish", Article.State.DRAFT, "1 article unpublished."),
        ("archive", Article.State.ARCHIVED, "1 article archived."),
    ],
)
def test_article_action_hides_a_published_article(
    editor_client: Client, action: str, state: Article.State, message: str
) -> None:
    article = ArticleFactory()
    assert Client().get(article.get_absolute_url()).status_code == 200

    messages = _run_action(editor_client, action, [article])

    article.refresh_from_db()
    assert article.state == state
    assert messages == [message]
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_article_action_is_refused_when_the_user_may_only_view_articles(db: None) -> None:
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(viewer)
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    response = client.post(
        _changelist_url(), {"action": "publish_now", "_selected_action": [article.pk]}
    )

    article.refresh_from_db()
    assert response.status_code == 200
    assert article.state == Article.State.DRAFT


def test_article_add_rejects_an_outline_that_skips_a_level(editor_client: Client) -> None:
    response = editor_client.post(
        _add_url(), _form_data(highlights=[(1, 0, "Capacity"), (2, 2, "Too deep too soon")])
    )

    assert response.status_code == 200
    assert _highlight_errors(response) == [
        "Highlight 2 is nested under nothing: "
        "indent it at most one level deeper than the bullet above it."
    ]
    assert not Article.objects.exists()
    assert not Highlight.objects.exists()


def test_article_add_checks_the_outline_in_position_order(editor_client: Client) -> None:
    response = editor_client.post(
        _add_url(), _form_data(highlights=[(2, 1, "Child"), (1, 0, "Parent")])
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert list(article.highlights.values_list("position", "depth")) == [(1, 0), (2, 1)]


def test_article_add_rejects_duplicate_highlight_positions(editor_client: Client) -> None:
    response = editor_client.post(
        _add_url(), _form_data(highlights=[(1, 0, "One"), (1, 0, "Also one")])
    )

    assert response.status_code == 200
    assert _highlight_errors(response) == [
        "More than one highlight has position 1: give each its own position."
    ]
    assert not Article.objects.exists()


def test_article_change_rejects_deleting_the_parent_of_a_nested_highlight(
    editor_client: Client,
) -> None:
    article = ArticleFactory()
    parent = HighlightFactory(article=article, position=1, depth=0, text="Parent")
    child = HighlightFactory(article=article, position=2, depth=1, text="Child")
    data = _form_data(
        title=article.title,
        slug=article.slug,
        status=Article.Status.PUBLISHED,
        publish_at=article.publish_at,
        highlights=[(1, 0, "Parent"), (2, 1, "Child")],
    )
    data[f"{HIGHLIGHTS_PREFIX}-INITIAL_FORMS"] = "2"
    for index, highlight in enumerate([parent, child]):
        data[f"{HIGHLIGHTS_PREFIX}-{index}-id"] = str(highlight.pk)
        data[f"{HIGHLIGHTS_PREFIX}-{index}-article"] = str(article.pk)
    data[f"{HIGHLIGHTS_PREFIX}-0-DELETE"] = "on"

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert _highlight_errors(response) == [
        "Highlight 1 is nested under nothing: "
        "indent it at most one level deeper than the bullet above it."
    ]
    assert article.highlights.count() == 2


def test_article_add_rejects_a_duplicate_slug(editor_client: Client) -> None:
    ArticleFactory(slug="lynas-opens-a-texas-plant")

    response = editor_client.post(_add_url(), _form_data())

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        (
            {"status": Article.Status.PUBLISHED, "body": "  "},
            "body",
            "A published article needs a body.",
        ),
        (
            {"source_url": "https://example.com/report"},
            "source_name",
            "Name the source that the source URL points to.",
        ),
    ],
)
def test_article_add_shows_a_field_error_when_a_rule_is_broken(
    editor_client: Client, fields: dict[str, str], field: str, error: str
) -> None:
    response = editor_client.post(_add_url(), _form_data(**fields))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [error]
    assert not Article.objects.exists()


def test_article_change_page_links_to_the_article_page_for_preview(
    editor_client: Client,
) -> None:
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{article.get_absolute_url()}"' in content
    assert "Preview (not visible to readers)" in content


@pytest.mark.parametrize("state", list(Article.State))
def test_article_changelist_filters_by_state(editor_client: Client, state: Article.State) -> None:
    now = timezone.now()
    articles = {
        Article.State.DRAFT: ArticleFactory(status=Article.Status.DRAFT, publish_at=None),
        Article.State.SCHEDULED: ArticleFactory(publish_at=now + timedelta(hours=1)),
        Article.State.PUBLISHED: ArticleFactory(publish_at=now - timedelta(hours=1)),
        Article.State.ARCHIVED: ArticleFactory(status=Article.Status.ARCHIVED),
    }

    response = editor_client.get(_changelist_url(), {"state": state.value})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [articles[state]]


def test_article_changelist_searches_titles_and_bodies(editor_client: Client) -> None:
    by_title = ArticleFactory(title="Neodymium prices climb")
    by_body = ArticleFactory(body="Quotes for neodymium oxide rose.")
    ArticleFactory(title="Dysprosium supply", body="Mines reopened.")

    response = editor_client.get(_changelist_url(), {"q": "neodymium"})

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {by_title, by_body}


def test_article_changelist_query_count_does_not_grow_with_articles(
    editor: User, editor_client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(30):
        ArticleFactory(author=EditorFactory(), tags=[TagFactory()])

    with django_assert_max_num_queries(15):
        response = editor_client.get(_changelist_url())

    assert response.status_code == 200


def test_article_add_page_is_forbidden_when_staff_is_not_an_editor(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(_add_url()).status_code == 403


@pytest.mark.parametrize("logged_in", [True, False])
def test_article_admin_redirects_to_login_when_user_is_not_staff(db: None, logged_in: bool) -> None:
    client = Client()
    if logged_in:
        client.force_login(UserFactory())

    response = client.get(_add_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_topic_admin_shows_the_discussion_of_a_published_article(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    topic = ArticleFactory().discussion

    changelist = client.get(reverse("admin:discussions_topic_changelist"))
    change = client.get(reverse("admin:discussions_topic_change", args=[topic.pk]))

    assert list(changelist.context["cl"].result_list) == [topic]
    assert change.status_code == 200
    assert "post_count" in change.context["adminform"].readonly_fields


def test_admin_pages_name_the_sites_icon(admin_client: Client) -> None:
    for url in (reverse("admin:index"), reverse("admin:articles_article_add")):
        page = admin_client.get(url).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
