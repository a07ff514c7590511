"""Readers reporting a comment to the moderators. A comment carries a link here rather than the
form itself: the form is rarely used, and on every comment of every page it was a third of
what a logged-in reader downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.viewer import viewer_for
from forum.discussions.models import Post
from forum.discussions.permissions import report_refusal
from forum.discussions.selectors import post_get_for_viewer
from forum.discussions.services.posting import RateLimited
from forum.discussions.views import refused
from forum.moderation.forms import ReportForm
from forum.moderation.services.reports import report_create


@login_required
@require_http_methods(["GET", "POST"])
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report form for one comment; sent, back to the comment."""
    viewer = viewer_for(request)
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    if request.method == "GET":
        if refusal := report_refusal(viewer, post):
            return refused(request, refusal.message, status=403)
        return _report_page(request, post, ReportForm())
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, post, form, status=400)
    try:
        report = report_create(
            post=post,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
    except PermissionDenied as refusal:
        return refused(request, str(refusal), status=403)
    except RateLimited as limited:
        response = refused(request, str(limited), status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except ValidationError as error:
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return _report_page(request, post, form, status=400)
    if report.post.status == Post.Status.VISIBLE:
        messages.success(request, "Thank you: the moderators will look at this comment.")
        return redirect("forum:post", pk=post.pk)
    # Enough readers reported it: hidden until a moderator decides, so not at its permalink.
    messages.success(
        request, "Thank you: the comment is hidden until a moderator has looked at it."
    )
    return redirect(f"{post.topic.comments_url}#comments")


def _report_page(
    request: HttpRequest, post: Post, form: ReportForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request, "moderation/post_report.html", {"post": post, "form": form}, status=status
    )
