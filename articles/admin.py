"""Where editors write, preview, schedule and publish articles.

Saves go through `articles.services`, so the body is rendered and a published article gets its
discussion topic exactly as it would anywhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Field, ForeignKey, Q, QuerySet, URLField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from .admin_notes import ArticleNoteInline
from .highlights import highlight_outline_errors
from .models import Article, Highlight, Tag
from .services import (
    article_archive,
    article_highlights_saved,
    article_publish,
    article_save,
    article_unpublish,
)


class HighlightInlineFormSet(forms.BaseInlineFormSet):
    """Checks that the highlights, in position order, form an outline readers can see nested."""

    def clean(self) -> None:
        if any(self.errors):
            # Each bad row already says what is wrong; an outline of the rest would mislead.
            return
        rows = sorted(
            (form.cleaned_data["position"], form.cleaned_data["depth"])
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        )
        position_counts = Counter(position for position, _ in rows)
        errors = [
            f"More than one highlight has position {position}: give each its own position."
            for position, count in sorted(position_counts.items())
            if count > 1
        ]
        errors += highlight_outline_errors([depth for _, depth in rows], Highlight.MAX_DEPTH)
        if errors:
            raise ValidationError(errors)
        super().clean()


class HighlightInline(admin.TabularInline):
    model = Highlight
    formset = HighlightInlineFormSet
    fields = ("position", "depth", "text")
    ordering = ("position",)
    extra = 3


class ArticleStateFilter(admin.SimpleListFilter):
    """The state readers see, which for scheduled and published depends on the clock."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return list(Article.State.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        now = timezone.now()
        match self.value():
            case Article.State.DRAFT:
                return queryset.filter(status=Article.Status.DRAFT)
            case Article.State.SCHEDULED:
                return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
            case Article.State.PUBLISHED:
                return queryset.filter(status=Article.Status.PUBLISHED, publish_at__lte=now)
            case Article.State.ARCHIVED:
                return queryset.filter(status=Article.Status.ARCHIVED)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = (HighlightInline, ArticleNoteInline)
    list_display = ("title", "state_label", "publish_at", "author", "comments_open", "updated_at")
    list_select_related = ("author",)
    list_filter = (ArticleStateFilter, "tags", "comments_open")
    search_fields = ("title", "standfirst", "body", "slug")
    date_hierarchy = "publish_at"
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    # A source link typed without a scheme is taken as https, not http.
    formfield_overrides: ClassVar[dict[type[Field], dict[str, Any]]] = {
        URLField: {"assume_scheme": "https"}
    }
    readonly_fields = ("preview_link",)
    actions = ("publish_now", "unpublish", "archive")
    fieldsets = (
        ("Headline", {"fields": ("title", "slug", "standfirst", "author", "tags")}),
        ("Content", {"fields": ("body", "disclaimer")}),
        ("Source", {"fields": ("source_name", "source_url", "source_kind")}),
        (
            "Publishing",
            {
                "fields": ("status", "publish_at", "comments_open", "preview_link"),
                "description": (
                    "A draft is seen only by editors. To publish, set the status to Published: "
                    "with no publish time it goes public at once; with a future publish time "
                    "it is scheduled and goes public by itself at that time."
                ),
            },
        ),
    )

    @admin.display(description="State")
    def state_label(self, obj: Article) -> str:
        return obj.state.label

    @admin.display(description="Preview")
    def preview_link(self, obj: Article) -> str | SafeString:
        if obj.pk is None:
            return "Save the article to preview it."
        label = "View on site" if obj.is_live else "Preview (not visible to readers)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    def view_on_site(self, obj: Article) -> str:
        return obj.get_absolute_url()

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "author":
            # Authors are staff, or were when they wrote: the forum's readers stay off the list.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(is_staff=True) | Q(articles__isnull=False))
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool
    ) -> None:
        article_save(article=obj)

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # The Highlights inline saves after the article: in the admin's transaction still.
        article_highlights_saved(article=form.instance)

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._apply(
            request, queryset, article_publish, skip=Article.State.PUBLISHED, done="published"
        )

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._apply(
            request, queryset, article_unpublish, skip=Article.State.DRAFT, done="unpublished"
        )

    @admin.action(description="Archive", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._apply(
            request, queryset, article_archive, skip=Article.State.ARCHIVED, done="archived"
        )

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[Article],
        service: Callable[..., Article],
        *,
        skip: Article.State,
        done: str,
    ) -> None:
        """Run `service` on each article not already in the `skip` state; say how many changed.

        An article the service refuses (say, published without a body) is named with why.
        """
        changed = 0
        for article in queryset:
            if article.state == skip:
                continue
            try:
                service(article=article)
            except ValidationError as error:
                reasons = " ".join(message for message in error.messages)
                self.message_user(
                    request, f"“{article.title}” was not {done}: {reasons}", messages.WARNING
                )
                continue
            changed += 1
        self.message_user(
            request,
            ngettext("%(count)d article %(done)s.", "%(count)d articles %(done)s.", changed)
            % {"count": changed, "done": done},
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("name",)}
