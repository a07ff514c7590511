"""What articles tell the apps above them (search keeps its index by it), so that articles
import none of them. Sent inside the transaction that made the change: a receiver's writes
commit or roll back with it."""

from __future__ import annotations

from django.dispatch import Signal

# An article's text, state, publish time or author was written (article_save), or its
# Highlights (article_highlights_saved). Arguments: article.
article_changed = Signal()
