"""Categories in the admin. Topics and posts are moderated there: forum/moderation/admin.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.contrib import admin

from forum.discussions.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug", "position", "premoderate")
    list_filter = ("premoderate",)
    search_fields = ("name",)
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("name",)}
