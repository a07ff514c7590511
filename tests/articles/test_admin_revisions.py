"""Every save of an article through the admin is a revision: listed with who and when and a
readable diff of title, highlights and body, and restorable by an editor."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from articles.models import Article
from tests.articles.note_forms import NO_NOTES
from tests.factories import EditorFactory, UserFactory

PREFIX = "highlights"
SLUG = "lynas-opens-a-texas-plant"


@pytest.fixture
def editor(db: None) -> User:
    return EditorFactory(username="eleanor")


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def _post(
    client: Client,
    *,
    title: str,
    body: str,
    highlights: Sequence[tuple[int, str]],
    article: Article | None = None,
) -> None:
    """Save the article through the admin's form: add it, or change it, highlights replaced."""
    existing = list(article.highlights.all()) if article else []
    data: dict[str, object] = {
        "title": title,
        "slug": SLUG,
        "standfirst": "Separation capacity outside China grows.",
        "body": body,
        "status": Article.Status.PUBLISHED,
        "publish_at_0": "2026-01-26",
        "publish_at_1": "01:00",
        "comments_open": "on",
        f"{PREFIX}-TOTAL_FORMS": str(len(existing) + len(highlights)),
        f"{PREFIX}-INITIAL_FORMS": str(len(existing)),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        **NO_NOTES,
    }
    for index, highlight in enumerate(existing):
        data.update(
            {
                f"{PREFIX}-{index}-id": str(highlight.pk),
                f"{PREFIX}-{index}-article": str(highlight.article_id),
                f"{PREFIX}-{index}-position": str(highlight.position),
                f"{PREFIX}-{index}-depth": str(highlight.depth),
                f"{PREFIX}-{index}-text": highlight.text,
                f"{PREFIX}-{index}-DELETE": "on",
            }
        )
    for index, (depth, text) in enumerate(highlights, start=len(existing)):
        data[f"{PREFIX}-{index}-position"] = str(index)
        data[f"{PREFIX}-{index}-depth"] = str(depth)
        data[f"{PREFIX}-{index}-text"] = text
    url = (
        reverse("admin:articles_article_change", args=[article.pk])
        if article
        else reverse("admin:articles_article_add")
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def _save_twice(client: Client) -> Article:
    _post(
        client,
        title="Lynas opens a Texas plant",
        body="The plant separates heavy rare earths.",
        highlights=[(0, "Capacity:"), (1, "Heavy rare earths")],
    )
    article = Article.objects.get(slug=SLUG)
    _post(
        client,
        article=article,
        title="Lynas opens its Texas plant",
        body="The plant separates light rare earths.",
        highlights=[(0, "Jobs"), (0, "Capacity")],
    )
    return Article.objects.get(slug=SLUG)


def test_article_history_lists_each_admin_save_with_its_editor_and_a_diff(
    editor_client: Client,
) -> None:
    article = _save_twice(editor_client)

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    page = response.content.decode()
    records = list(response.context["page_obj"])
    assert [record.history_user.username for record in records] == ["eleanor", "eleanor"]
    changes = {change.field: change for change in records[0].revision_changes}
    assert set(changes) == {"title", "body", "highlights"}
    assert (changes["title"].old, changes["title"].new) == (
        "Lynas opens a Texas plant",
        "Lynas opens its Texas plant",
    )
    assert "-The plant separates heavy rare earths." in changes["body"].diff
    assert "+The plant separates light rare earths." in changes["body"].diff
    assert changes["highlights"].diff[1:] == (
        "-- Capacity:",
        "-    - Heavy rare earths",
        "+- Jobs",
        "+- Capacity",
    )
    assert "+The plant separates light rare earths." in page
    assert "(UTC)" in page  # each revision's time names the site's zone


def test_article_revision_page_shows_the_highlights_as_they_stood(editor_client: Client) -> None:
    article = _save_twice(editor_client)
    first = article.history.earliest("history_date")

    response = editor_client.get(
        reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    )

    assert response.status_code == 200
    assert [node.text for node in response.context["revision_highlights"]] == ["Capacity:"]
    assert response.context["revision_highlights"][0].children[0].text == "Heavy rare earths"


def test_article_revision_restore_brings_back_title_highlights_and_body(
    editor_client: Client,
) -> None:
    article = _save_twice(editor_client)
    first = article.history.earliest("history_date")

    response = editor_client.post(
        reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id]),
        {"_save": "Revert"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Lynas opens a Texas plant"
    assert list(article.highlights.values_list("depth", "text")) == [
        (0, "Capacity:"),
        (1, "Heavy rare earths"),
    ]
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "The plant separates heavy rare earths." in page
    assert "light rare earths" not in page
    assert "Heavy rare earths" in page
    restore = article.history.latest("history_date")
    assert restore.history_user.username == "eleanor"
    assert restore.history_change_reason.startswith("Restored the revision of ")
    assert article.history.count() == 3


def test_article_revision_restore_is_refused_to_staff_who_may_not_change_articles(
    editor_client: Client,
) -> None:
    article = _save_twice(editor_client)
    first = article.history.earliest("history_date")
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*_view_article_permission())
    client = Client()
    client.force_login(viewer)

    response = client.post(
        reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id]),
        {"_save": "Revert"},
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Lynas opens its Texas plant"


def _view_article_permission() -> list[object]:
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(codename="view_article"))
