"""What articles tell the apps above them (search keeps its index by it, the notifications
tell readers of corrections), so that articles
import none of them. Sent inside the transaction that made the change: a receiver's writes
commit or roll back with it."""

from __future__ import annotations

from django.dispatch import Signal

# An article's text, state, publish time or author was written (article_save), or its
# Highlights (article_highlights_saved). Arguments: article.
article_changed = Signal()

# A correction or update note was saved that readers are to be told of, once (the notifications
# tell those who discussed the article). Arguments: note (articles.models.ArticleNote), editor
# (the user who saved it, or None), both as saved.
article_noted = Signal()
