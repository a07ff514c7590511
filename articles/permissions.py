from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


def can_preview_articles(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Editors (staff who may change articles) read drafts and scheduled articles."""
    return bool(
        user.is_active
        and getattr(user, "is_staff", False)
        and user.has_perm("articles.change_article")
    )
