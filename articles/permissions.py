from __future__ import annotations

from accounts.viewer import Viewer


def can_preview_articles(viewer: Viewer) -> bool:
    """Editors (staff who may change articles) read drafts and scheduled articles."""
    return viewer.is_active and viewer.is_staff and viewer.has_perm("articles.change_article")
