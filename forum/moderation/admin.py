from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.requests import authenticated_user
from accounts.viewer import viewer_for
from forum.discussions.models import Post, Topic
from forum.moderation import (
    admin_account_states,  # noqa: F401  (registers the users' state actions)
    admin_finance,  # noqa: F401  (registers the finance rules)
)
from forum.moderation.hold_reasons import post_hold_reasons, rule_lists_for
from forum.moderation.models import ModerationLogEntry, Report, WordRule
from forum.moderation.services.decisions import (
    post_approve_among_many,
    post_feature,
    post_mark_spam,
    post_reject,
    post_remove,
    post_reports_dismiss,
    post_restore,
    posts_bulk,
    rejection_reason,
    topic_close,
)

_M = TypeVar("_M", bound=Model)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = (
        "title",
        "category",
        "article",
        "post_count",
        "is_closed",
        "is_pinned",
        "premoderate",
        "last_activity_at",
    )
    list_select_related = ("category", "article")
    list_filter = ("category", "is_closed", "is_pinned", "premoderate")
    search_fields = ("title",)
    prepopulated_fields: ClassVar[dict[str, Sequence[str]]] = {"slug": ("title",)}
    autocomplete_fields = ("article", "author")
    # Kept by the services as posts come and go; an edit here would only make it wrong.
    readonly_fields = ("post_count",)

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        """Write only what the form changed: the counters and the discussion version move with
        F() as posts come and go, and writing back the values read when the form opened would
        undo those moves. Closing or reopening goes through the moderation service, so that it
        is logged as at /moderation/."""
        if change:
            obj.save(update_fields=[name for name in form.changed_data if name != "is_closed"])
            if "is_closed" in form.changed_data:
                topic_close(
                    topic=obj,
                    moderator=authenticated_user(request),
                    closed=form.cleaned_data["is_closed"],
                    reason="Changed in the admin.",
                )
        else:
            super().save_model(request, obj, form, change)


class DiscussionStaffAdmin(admin.ModelAdmin[_M]):
    """Moderators reach these pages by their role, as they reach /moderation/, whatever model
    permissions their group holds."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_view_permission(request, obj)


class ReadOnlyAdmin(DiscussionStaffAdmin[_M]):
    """Written only by the services; the admin shows what they wrote."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


def _marked(marked: str) -> SafeString:
    return format_html("<blockquote>{}</blockquote>", marked) if marked else SafeString("")


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin[Post]):
    """Posts change only through the moderation services: the actions below, or /moderation/.
    Every field reads only: a raw edit of the status, a counter or a path would leave the
    counters, the tree and the log behind."""

    list_display = (
        "__str__",
        "excerpt",
        "status",
        "held_code",
        "held_reason",
        "tickers",
        "author",
        "topic",
        "created_at",
    )
    list_select_related = ("author", "topic")
    list_filter = ("status", "held_code", "is_featured", "topic__category")
    search_fields = ("body", "author__username")
    date_hierarchy = "created_at"
    actions = (
        "approve",
        "reject",
        "remove",
        "restore",
        "mark_spam",
        "dismiss_reports",
        "feature",
        "unfeature",
    )

    # Post.hold_reasons as kept is raw data; this shows each reason with its words marked.
    readonly_fields = ("why_held",)
    exclude = ("hold_reasons",)

    @admin.display(description="Comment")
    def excerpt(self, post: Post) -> str:
        return post.body[:80]

    @admin.display(description="Why it was held")
    def why_held(self, post: Post) -> str:
        """Every reason (forum/moderation/hold_reasons.py): code, text, and the words that
        triggered it marked, escaped but for the marks."""
        return (
            format_html_join(
                "",
                "<p><code>{}</code> {}</p>{}",
                (
                    (reason.code or "—", reason.text or reason.label, _marked(reason.marked))
                    for reason in post_hold_reasons(post, rule_lists_for([post]))
                ),
            )
            or "—"
        )

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return viewer_for(request).is_discussion_staff

    def _decide(
        self,
        request: HttpRequest,
        queryset: QuerySet[Post],
        decide: Callable[[Post], Post],
        verb: str,
    ) -> None:
        result = posts_bulk(post_ids=queryset.values_list("pk", flat=True), decide=decide)
        done = len(result.done)
        self.message_user(request, f"{verb} {done} post{'s' * (done != 1)}.", messages.SUCCESS)
        for pk, why in result.skipped.items():
            self.message_user(request, f"Skipped post {pk}: {why}", messages.WARNING)

    @admin.action(description="Approve the selected held posts", permissions=["moderate"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request,
            queryset,
            lambda post: post_approve_among_many(post=post, moderator=moderator),
            "Approved",
        )

    @admin.action(description="Reject the selected held posts", permissions=["moderate"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        reason = rejection_reason("other", "Rejected in the admin")
        self._decide(
            request,
            queryset,
            lambda post: post_reject(post=post, moderator=moderator, reason=reason),
            "Rejected",
        )

    @admin.action(description="Remove the selected visible posts", permissions=["moderate"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        reason = rejection_reason("other", "Removed in the admin")
        self._decide(
            request,
            queryset,
            lambda post: post_remove(post=post, moderator=moderator, reason=reason),
            "Removed",
        )

    @admin.action(
        description="Restore the selected rejected or removed posts", permissions=["moderate"]
    )
    def restore(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request, queryset, lambda post: post_restore(post=post, moderator=moderator), "Restored"
        )

    @admin.action(
        description="Mark the selected posts as spam and suspend their authors",
        permissions=["moderate"],
    )
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request, queryset, lambda post: post_mark_spam(post=post, moderator=moderator), "Marked"
        )

    @admin.action(description="Dismiss the reports on the selected posts", permissions=["moderate"])
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request,
            queryset,
            lambda post: post_reports_dismiss(post=post, moderator=moderator),
            "Dismissed the reports on",
        )

    @admin.action(description="Feature the selected posts", permissions=["moderate"])
    def feature(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request,
            queryset,
            lambda post: post_feature(post=post, moderator=moderator, featured=True),
            "Featured",
        )

    @admin.action(description="Stop featuring the selected posts", permissions=["moderate"])
    def unfeature(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        moderator = authenticated_user(request)
        self._decide(
            request,
            queryset,
            lambda post: post_feature(post=post, moderator=moderator, featured=False),
            "Unfeatured",
        )


@admin.register(WordRule)
class WordRuleAdmin(DiscussionStaffAdmin[WordRule]):
    """The word lists: moderators keep them, so their role may edit them."""

    list_display = ("phrase", "kind", "created_at")
    list_editable = ("kind",)
    list_filter = ("kind",)
    search_fields = ("phrase",)
    readonly_fields = ("created_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: WordRule | None = None) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: WordRule | None = None) -> bool:
        return viewer_for(request).is_discussion_staff or super().has_delete_permission(
            request, obj
        )


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = ("post", "reporter", "reason", "text", "status", "created_at")
    list_select_related = ("post", "reporter")
    list_filter = ("status", "reason", "created_at")
    search_fields = ("text", "reporter__username")


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(ReadOnlyAdmin[ModerationLogEntry]):
    """The log is evidence: nothing here adds, changes or deletes an entry."""

    list_display = (
        "created_at",
        "action",
        "actor",
        "subject_user",
        "post",
        "topic",
        "from_state",
        "to_state",
        "reason",
    )
    list_select_related = ("actor", "subject_user", "post", "topic")
    list_filter = ("action", ("actor", admin.RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("reason", "body_before", "body_after")
