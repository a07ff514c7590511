"""Editors add corrections and updates to published articles in the admin; readers see them on
the page, in the API, in the feeds and in the sitemap."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from articles.models import Article, ArticleNote
from articles.selectors import article_page_version
from articles.services import article_note_delete
from tests.articles.note_forms import NoteRow, article_change, minutes_ago, note_errors
from tests.factories import ArticleFactory, ArticleNoteFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db: None) -> User:
    return EditorFactory()


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def article(db: None) -> Article:
    return ArticleFactory(
        title="Lynas opens a Texas plant",
        body="The plant separates 5,000 tonnes a year.",
        publish_at=timezone.now() - timedelta(days=2),
    )


def _page(article: Article) -> str:
    """The article page as a logged-out reader gets it (cached for everyone logged out)."""
    return Client().get(article.get_absolute_url()).content.decode()


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def test_note_added_in_the_admin_shows_on_the_page_under_the_byline_and_after_the_body(
    editor_client: Client, article: Article
) -> None:
    assert "Corrections and updates" not in _page(article)  # cached now
    at = minutes_ago(5)

    response = article_change(
        editor_client, article, NoteRow(text="Capacity is 3,000 tonnes, not 5,000.", at=at)
    )

    assert response.status_code == 302
    note = ArticleNote.objects.get(article=article)
    assert (note.kind, note.at, note.added_by) == ("correction", at, response.wsgi_request.user)
    page = _page(article)
    updated = re.search(r'<p class="meta article-updated">.*?</p>', page)
    assert updated is not None
    assert f'Updated <time datetime="{_iso(at)}">' in updated.group()
    assert page.index("article-updated") < page.index('class="article-body"')
    assert page.index('class="article-body"') < page.index('id="notes"')
    assert "<strong>Correction, " in page
    assert "Capacity is 3,000 tonnes, not 5,000." in page
    assert f'<meta property="article:modified_time" content="{_iso(at)}">' in page


def test_note_text_is_shown_as_text_not_markup(article: Article) -> None:
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    ArticleNoteFactory(article=article, text=f"Fixed.\n{payload}")

    page = _page(article)
    data = Client().get(reverse("api-article-detail", args=[article.slug])).json()

    assert payload not in page
    assert "Fixed.<br>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert data["notes"][0]["text"] == f"Fixed.\n{payload}"


def test_article_page_shows_no_updated_line_without_notes(article: Article) -> None:
    page = _page(article)

    assert "Updated" not in page
    assert 'id="notes"' not in page
    assert "article:modified_time" not in page


def test_page_shows_the_latest_note_as_updated_and_notes_newest_first(
    editor_client: Client, article: Article
) -> None:
    older, newer = minutes_ago(90), minutes_ago(10)

    article_change(
        editor_client,
        article,
        NoteRow(text="First correction.", at=older),
        NoteRow(text="Prices moved again.", kind=ArticleNote.Kind.UPDATE, at=newer),
    )

    page = _page(article)
    assert f'Updated <time datetime="{_iso(newer)}">' in page
    assert page.index("Prices moved again.") < page.index("First correction.")
    assert "<strong>Update, " in page


def test_logged_out_page_follows_a_note_edited_and_deleted_in_the_admin(
    editor_client: Client, article: Article
) -> None:
    note = ArticleNoteFactory(article=article, text="Capacity is 3,000 tonnes.")
    assert "Capacity is 3,000 tonnes." in _page(article)  # cached now
    version = article_page_version(slug=article.slug)

    edited = NoteRow(id=note.pk, text="Capacity is 3,100 tonnes.", at=note.at)
    assert article_change(editor_client, article, edited).status_code == 302

    assert article_page_version(slug=article.slug) != version
    page = _page(article)
    assert "Capacity is 3,100 tonnes." in page
    assert "Capacity is 3,000 tonnes." not in page

    deleted = NoteRow(id=note.pk, text=edited.text, at=note.at, delete=True)
    assert article_change(editor_client, article, deleted).status_code == 302

    assert not ArticleNote.objects.exists()
    assert "Capacity is 3,100 tonnes." not in _page(article)


def test_page_version_moves_when_a_note_is_written_and_only_then(article: Article) -> None:
    version = article_page_version(slug=article.slug)

    note = ArticleNoteFactory(article=article)

    assert article_page_version(slug=article.slug) != version
    version = article_page_version(slug=article.slug)
    ArticleNoteFactory(article=ArticleFactory())  # another article's
    assert article_page_version(slug=article.slug) == version
    article_note_delete(note=note)
    assert article_page_version(slug=article.slug) != version


def test_api_gives_updated_at_and_the_notes_newest_first(
    editor_client: Client, article: Article
) -> None:
    older, newer = minutes_ago(90), minutes_ago(10)
    article_change(
        editor_client,
        article,
        NoteRow(text="First correction.", at=older),
        NoteRow(text="Prices moved again.", kind=ArticleNote.Kind.UPDATE, at=newer),
    )

    data = Client().get(reverse("api-article-detail", args=[article.slug])).json()

    assert datetime.fromisoformat(data["updated_at"]) == newer
    assert [(n["kind"], n["text"]) for n in data["notes"]] == [
        ("update", "Prices moved again."),
        ("correction", "First correction."),
    ]
    assert datetime.fromisoformat(data["notes"][1]["at"]) == older


def test_api_gives_no_updated_at_for_an_article_never_corrected(article: Article) -> None:
    data = Client().get(reverse("api-article-detail", args=[article.slug])).json()

    assert data["updated_at"] is None
    assert data["notes"] == []


def _atom_entry_updated(article: Article) -> str:
    feed = Client().get("/feed/atom/").content.decode()
    entry = next(e for e in feed.split("<entry>")[1:] if article.get_absolute_url() in e)
    match = re.search(r"<updated>(.*?)</updated>", entry)
    assert match is not None
    return match.group(1)


def _sitemap_lastmod(article: Article) -> str:
    sitemap = Client().get("/sitemap.xml").content.decode()
    match = re.search(
        rf"<loc>http://testserver{re.escape(article.get_absolute_url())}</loc>"
        r"\s*<lastmod>(.*?)</lastmod>",
        sitemap,
    )
    assert match is not None
    return match.group(1)


def test_feed_and_sitemap_move_to_the_latest_notes_time(
    editor_client: Client, article: Article
) -> None:
    assert article.publish_at is not None
    assert feed_and_sitemap_times(article) == (article.publish_at, f"{article.publish_at:%Y-%m-%d}")
    at = minutes_ago(3)

    article_change(editor_client, article, NoteRow(at=at))

    assert feed_and_sitemap_times(article) == (at, f"{at:%Y-%m-%d}")  # two days on
    rss = Client().get("/feed/").content.decode()
    assert f"<lastBuildDate>{at:%a, %d %b %Y %H:%M:%S} +0000</lastBuildDate>" in rss


def feed_and_sitemap_times(article: Article) -> tuple[datetime, str]:
    """The Atom entry's updated time, and the sitemap's lastmod (a day) for the article."""
    return datetime.fromisoformat(_atom_entry_updated(article)), _sitemap_lastmod(article)


def test_an_edit_without_a_note_leaves_the_feed_and_sitemap_times(article: Article) -> None:
    ArticleNoteFactory(article=article, at=minutes_ago(30))
    before = feed_and_sitemap_times(article)

    article.standfirst = "A typo fixed."
    article.save()

    assert feed_and_sitemap_times(article) == before


# What the editor is told when a note cannot be saved


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (NoteRow(text="   "), "text", "Say what was corrected or updated."),
        (NoteRow(at=timezone.now() + timedelta(days=1)), "at", "in the future"),
        (NoteRow(at=timezone.now() - timedelta(days=30)), "at", "before the article"),
        (NoteRow(kind="retraction"), "kind", "not one of the available choices"),
        (NoteRow(text="x" * 2001), "text", "at most 2000 characters"),
    ],
)
def test_note_with_bad_input_is_a_form_error_and_saves_nothing(
    editor_client: Client, article: Article, row: NoteRow, field: str, message: str
) -> None:
    at = row.at or minutes_ago(1)
    bad = NoteRow(text=row.text, kind=row.kind, at=at)

    response = article_change(editor_client, article, bad)

    assert response.status_code == 200
    assert any(message in error for error in note_errors(response)[field])
    assert not ArticleNote.objects.exists()


def test_note_date_left_empty_is_a_form_error(editor_client: Client, article: Article) -> None:
    response = article_change(editor_client, article, NoteRow(at=None))

    assert response.status_code == 200
    assert note_errors(response)["at"]
    assert not ArticleNote.objects.exists()


def test_note_on_an_article_not_published_is_refused(editor_client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    response = article_change(editor_client, draft, NoteRow(at=minutes_ago(1)))

    assert response.status_code == 200
    assert "publish it first" in " ".join(note_errors(response)["__all__"])
    assert not ArticleNote.objects.exists()


def test_staff_without_note_permissions_is_offered_no_notes(article: Article) -> None:
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client = Client()
    client.force_login(staff)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert "notes" not in prefixes
