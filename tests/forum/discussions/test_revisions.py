"""A comment's revisions: the "edited" mark opens them, to whoever may see the comment (a held
one: its author and moderators; a removed one: moderators only), with what each edit changed and
a moderator's edit of another's comment shown as such. The page /forum/p/<id>/revisions/ and
GET /api/v1/posts/<id>/revisions/ follow the same rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.discussions.revisions import DiffChunk, body_diff
from forum.discussions.services.posting import post_edit
from forum.moderation.services.decisions import post_remove
from tests.factories import ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db


def page_url(post: Post) -> str:
    return f"/forum/p/{post.pk}/revisions/"


def api_url(post: Post) -> str:
    return f"/api/v1/posts/{post.pk}/revisions/"


@pytest.fixture
def author() -> User:
    return ReaderFactory(display_name="Ann")


@pytest.fixture
def edited(topic: Topic, author: User) -> Post:
    """A visible comment its author edited once, then a moderator edited."""
    post = comment(topic, author=author, body="Prices fell by 5% in May.")
    post = post_edit(post=post, editor=author, body="Prices fell by 6% in May.")
    return post_edit(
        post=post, editor=ModeratorFactory(display_name="Moira Quist"), body="Prices fell in May.",
        reason="Unsourced figure.",
    )  # fmt: skip


# What they show


def test_body_diff_reads_word_by_word() -> None:
    assert body_diff("Prices fell by 5% in May.", "Prices rose by 5% in June!") == [
        DiffChunk("equal", "Prices "),
        DiffChunk("delete", "fell"),
        DiffChunk("insert", "rose"),
        DiffChunk("equal", " by 5% in "),
        DiffChunk("delete", "May."),
        DiffChunk("insert", "June!"),
    ]
    assert body_diff("Fine <b>bold</b> words.", "Fine <i>x</i> words.") == [
        DiffChunk("equal", "Fine "),
        DiffChunk("delete", "<b>bold</b>"),
        DiffChunk("insert", "<i>x</i>"),
        DiffChunk("equal", " words."),
    ]


def test_edited_mark_links_to_the_revisions_for_everyone_who_sees_the_comment(
    client: Client, edited: Post, article_url: str
) -> None:
    page = client.get(article_url).content.decode()

    assert (
        f'<a class="edited-link" href="/forum/p/{edited.pk}/revisions/" title="Earlier versions">'
        '<span class="edited edited-by-moderator"'
    ) in page


def test_revisions_page_shows_every_version_with_its_diff_and_the_moderators_edit(
    client: Client, edited: Post
) -> None:
    response = client.get(page_url(edited))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Revisions of a comment by Ann</h1>" in page
    version_3, version_2, version_1 = (page[page.index(f'id="version-{n}"') :] for n in (3, 2, 1))
    assert '<span class="edited-by-moderator">edited by a moderator</span>' in version_3
    assert "Prices fell <del>by 6% </del>in May." in version_3
    assert "edited by Ann," in version_2
    assert "Prices fell by <del>5%</del><ins>6%</ins> in May." in version_2
    assert "as first posted by Ann," in version_1
    assert '<div class="revision-text">Prices fell by 5% in May.</div>' in version_1
    assert "Moira Quist" not in page  # which moderator is not said
    assert page.index('id="version-3"') < page.index('id="version-1"')  # newest first


def test_revisions_page_escapes_what_the_versions_say(client: Client, topic: Topic) -> None:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Fine <b>bold</b> words.")
    post_edit(post=post, editor=author, body="Fine <script>x</script> words.")

    page = client.get(page_url(post)).content.decode()

    assert "<del>&lt;b&gt;bold&lt;/b&gt;</del><ins>&lt;script&gt;x&lt;/script&gt;</ins>" in page
    assert "<script>x" not in page


def test_revisions_api_gives_every_version_with_its_diff_and_the_moderators_edit(
    client: Client, edited: Post
) -> None:
    response = client.get(api_url(edited))

    assert response.status_code == 200
    data = response.json()
    assert data["post"] == edited.pk
    versions = data["versions"]
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert [v["edited_by_moderator"] for v in versions] == [False, False, True]
    assert [v["body"] for v in versions] == [
        "Prices fell by 5% in May.",
        "Prices fell by 6% in May.",
        "Prices fell in May.",
    ]
    assert versions[0]["diff"] == []
    assert versions[2]["diff"] == [
        {"op": "equal", "text": "Prices fell "},
        {"op": "delete", "text": "by 6% "},
        {"op": "equal", "text": "in May."},
    ]
    assert versions[0]["written_at"] < versions[1]["written_at"] < versions[2]["written_at"]


def test_revisions_of_a_comment_never_edited_are_its_one_version(
    client: Client, topic: Topic
) -> None:
    post = comment(topic, body="Untouched.")

    versions = client.get(api_url(post)).json()["versions"]

    assert [(v["number"], v["body"], v["diff"]) for v in versions] == [(1, "Untouched.", [])]


def test_revisions_page_costs_the_same_queries_however_many_edits(
    client: Client,
    topic: Topic,
    author: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    post = comment(topic, author=author, body="Version 0.")
    for n in range(1, 20):
        post = post_edit(post=post, editor=author, body=f"Version {n}.")

    with django_assert_max_num_queries(6):
        response = client.get(page_url(post))

    assert response.content.decode().count('<li class="revision"') == 20


# Who may see them


Who = Callable[[Post], User | None]
ANONYMOUS: Who = lambda post: None  # noqa: E731
READER: Who = lambda post: ReaderFactory()  # noqa: E731
AUTHOR: Who = lambda post: post.author  # noqa: E731
MODERATOR: Who = lambda post: ModeratorFactory()  # noqa: E731
EVERYONE = {"anonymous": ANONYMOUS, "reader": READER, "author": AUTHOR, "moderator": MODERATOR}


def _held(topic: Topic, settings: Settings) -> Post:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    author = ReaderFactory()
    post = comment(topic, author=author, body="Held text.")
    post = post_edit(post=post, editor=author, body="Held text, edited.")
    assert post.status == Post.Status.PENDING
    return post


def _removed(topic: Topic, settings: Settings) -> Post:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Shown text.")
    post = post_edit(post=post, editor=author, body="Shown text, edited.")
    return post_remove(post=post, moderator=ModeratorFactory(), reason="Abuse")


def _visible(topic: Topic, settings: Settings) -> Post:
    author = ReaderFactory()
    post = comment(topic, author=author, body="Shown text.")
    return post_edit(post=post, editor=author, body="Shown text, edited.")


CASES = [
    (_visible, {"anonymous": True, "reader": True, "author": True, "moderator": True}),
    (_held, {"anonymous": False, "reader": False, "author": True, "moderator": True}),
    (_removed, {"anonymous": False, "reader": False, "author": False, "moderator": True}),
]


@pytest.mark.parametrize("url", [page_url, api_url], ids=["page", "api"])
@pytest.mark.parametrize(
    ("make", "who", "sees"),
    [
        pytest.param(make, who, seen[who], id=f"{make.__name__[1:]}-{who}")
        for make, seen in CASES
        for who in EVERYONE
    ],
)
def test_revisions_show_to_whoever_may_see_them_and_are_a_404_for_anyone_else(
    client: Client,
    topic: Topic,
    settings: Settings,
    url: Callable[[Post], str],
    make: Callable[[Topic, Settings], Post],
    who: str,
    sees: bool,
) -> None:
    post = make(topic, settings)
    viewer = EVERYONE[who](post)
    if viewer is not None:
        client.force_login(viewer)

    response = client.get(url(post))

    assert response.status_code == (200 if sees else 404)
    if sees:
        assert "edited" in response.content.decode()


def test_api_schema_describes_the_revisions_endpoint(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    revisions = paths["/api/v1/posts/{id}/revisions/"]["get"]
    assert set(revisions["responses"]) >= {"200", "404"}
