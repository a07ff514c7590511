"""What the article admin's change form posts when an editor adds, edits or deletes a
correction or update note: the article as it stands, no highlights, and the notes' rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleNote


@dataclass(frozen=True)
class NoteRow:
    """One row of the notes inline: a new note, or (with `id`) one already saved."""

    text: str = "An earlier version gave the plant's capacity as 5,000 tonnes; it is 3,000."
    kind: str = ArticleNote.Kind.CORRECTION
    at: datetime | None = None  # what the row's date and time boxes hold; empty when None
    do_not_notify: bool = False
    id: int | None = None
    delete: bool = False


def _local(moment: datetime | None, form: str) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime(form)


def article_change_data(article: Article, *rows: NoteRow) -> dict[str, object]:
    """The change form's data for `article` as saved (it has no highlights), with `rows`."""
    data: dict[str, object] = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "author": str(article.author_id or ""),
        "body": article.body,
        "disclaimer": article.disclaimer,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "source_kind": article.source_kind,
        "status": article.status,
        "publish_at_0": _local(article.publish_at, "%Y-%m-%d"),
        "publish_at_1": _local(article.publish_at, "%H:%M:%S"),
        "highlights-TOTAL_FORMS": "0",
        "highlights-INITIAL_FORMS": "0",
        "highlights-MIN_NUM_FORMS": "0",
        "highlights-MAX_NUM_FORMS": "1000",
        "notes-TOTAL_FORMS": str(len(rows)),
        "notes-INITIAL_FORMS": str(sum(row.id is not None for row in rows)),
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    if article.comments_open:
        data["comments_open"] = "on"
    for index, row in enumerate(rows):
        prefix = f"notes-{index}-"
        data |= {
            f"{prefix}kind": row.kind,
            f"{prefix}text": row.text,
            f"{prefix}at_0": _local(row.at, "%Y-%m-%d"),
            f"{prefix}at_1": _local(row.at, "%H:%M:%S"),
            f"{prefix}article": str(article.pk),
            f"{prefix}id": "" if row.id is None else str(row.id),
        }
        if row.do_not_notify:
            data[f"{prefix}do_not_notify"] = "on"
        if row.delete:
            data[f"{prefix}DELETE"] = "on"
    return data


def article_change(client: Client, article: Article, *rows: NoteRow) -> Any:
    """Post the article's change form as an editor saves it, with the notes' `rows`."""
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_change_data(article, *rows),
    )


def minutes_ago(minutes: int) -> datetime:
    """A time the admin's boxes can hold (whole seconds), `minutes` before now."""
    return (timezone.now() - timedelta(minutes=minutes)).replace(microsecond=0)


def note_errors(response: Any) -> dict[str, list[str]]:
    """The notes inline's errors: each row's by field ("__all__" for the row as a whole)."""
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "notes"
    )
    errors: dict[str, list[str]] = {}
    for form in formset.forms:
        for field, messages in form.errors.items():
            errors.setdefault(field, []).extend(messages)
    return errors
