"""What the notifications do when articles say something happened (articles.signals: articles
import no forum app above them). A correction or update an editor wants told becomes an event
in the outbox, in the transaction that saved the note; it is fanned out after commit."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from articles.models import ArticleNote
from articles.signals import article_noted
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent


def article_note_to_tell(
    sender: type[ArticleNote], note: ArticleNote, editor: User | None, **kwargs: Any
) -> None:
    event_record(kind=NotificationEvent.Kind.ARTICLE_CORRECTED, article_note=note, actor=editor)


def connect() -> None:
    article_noted.connect(article_note_to_tell, dispatch_uid="notifications.article_note_to_tell")
