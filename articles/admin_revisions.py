"""Article revisions in the admin: the list with who, when and a readable diff, each revision
with its Highlights as they stood, and restoring one (django-simple-history's admin views,
with its revert form replaced by `article_revision_restore`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .highlights import highlight_tree
from .models import Article
from .revisions import revision_changes
from .services import article_revision_restore
from .times import site_time


class ArticleRevisionsAdmin(SimpleHistoryAdmin):
    """The History page of an article lists its revisions, newest first; a revision's page
    shows it and, for an editor who may change the article, restores it."""

    object_history_list_template = "admin/articles/article/revision_list.html"
    object_history_form_template = "admin/articles/article/revision_form.html"

    def set_history_delta_changes(
        self,
        request: HttpRequest,
        historical_records: Sequence[Any],
        foreign_keys_are_objs: bool = True,
    ) -> None:
        """Give each revision on the page what it changed from the one before it, and its time
        in the site's zone. The oldest on a page is compared with nothing; it is the first."""
        records = list(historical_records)
        for newer, older in zip(records, [*records[1:], None], strict=True):
            newer.revision_changes = revision_changes(older, newer) if older else []
            newer.revision_time = site_time(newer.history_date)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        revision = get_object_or_404(article.history.all(), history_id=version_id)
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            article_revision_restore(article=article, revision=revision, user=request.user)
            self.log_change(
                request, article, f"Restored the revision of {site_time(revision.history_date)}."
            )
            self.message_user(
                request,
                f"“{article.title}” is back to its revision of {site_time(revision.history_date)}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            "revision_time": site_time(revision.history_date),
            "revision_user": revision.history_user,
            "revision_highlights": highlight_tree(
                (int(depth), text) for depth, text in revision.highlights_snapshot
            ),
            **(extra_context or {}),
        }
        response: HttpResponse = super().history_form_view(request, object_id, version_id, context)
        return response
