"""The comment forms' fields point only at what exists: each aria-describedby names the id of
help text on the page (Django gives a field with help text aria-describedby="<id>_helptext"),
and each label's `for` a field."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.models import User
from forum.discussions.models import Topic
from tests.factories import CategoryFactory, comment

pytestmark = pytest.mark.django_db


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []
        self.label_for: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        self.described_by += str(found.get("aria-describedby") or "").split()
        if tag == "label" and found.get("for"):
            self.label_for.append(str(found["for"]))


def _dangling(page: str) -> tuple[list[str], list[str]]:
    """The aria-describedby ids, and the label targets, that no element on the page has; and
    checks there was something to check."""
    references = _References()
    references.feed(page)
    assert references.described_by, "no aria-describedby on the page"
    return (
        [i for i in references.described_by if i not in references.ids],
        [i for i in references.label_for if i not in references.ids],
    )


def test_comment_box_on_the_article_page_is_described_by_its_help_text(
    client: Client, reader: User, article_url: str
) -> None:
    client.force_login(reader)

    page = client.get(article_url).content.decode()

    assert 'aria-describedby="id_body_helptext"' in page
    assert '<span class="helptext" id="id_body_helptext">Markdown:' in page
    assert _dangling(page) == ([], [])


def test_new_topic_page_fields_point_at_what_exists(client: Client, reader: User) -> None:
    category = CategoryFactory(slug="markets")
    client.force_login(reader)

    page = client.get(f"/forum/c/{category.slug}/new/").content.decode()

    assert _dangling(page) == ([], [])


def test_edit_page_fields_point_at_what_exists(client: Client, reader: User, topic: Topic) -> None:
    post = comment(topic, author=reader, body="My words.")
    client.force_login(reader)

    page = client.get(f"/forum/p/{post.pk}/edit/").content.decode()

    assert _dangling(page) == ([], [])


def test_reply_page_with_errors_points_at_what_exists(
    client: Client, reader: User, topic: Topic
) -> None:
    client.force_login(reader)

    page = client.post(f"/forum/t/{topic.pk}/reply/", {"body": ""}).content.decode()

    assert "<textarea" in page
    assert _dangling(page) == ([], [])
