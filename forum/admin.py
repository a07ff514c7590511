from __future__ import annotations

from typing import ClassVar

from django.contrib import admin

from .models import Category, Topic


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name",)
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "category",
        "article",
        "post_count",
        "is_closed",
        "is_pinned",
        "last_activity_at",
    )
    list_select_related = ("category", "article")
    list_filter = ("category", "is_closed", "is_pinned")
    search_fields = ("title",)
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
    autocomplete_fields = ("article", "author")
    # Kept by the services as posts come and go; an edit here would only make it wrong.
    readonly_fields = ("post_count",)
