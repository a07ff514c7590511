"""Readers reporting a comment to the moderators. A comment carries a link here rather than the
form itself: the form is rarely used, and on every comment of every page it was a third of
what a logged-in reader downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.requests import AuthenticatedHttpRequest
from accounts.viewer import viewer_for
from config.web.form_responses import render_form
from config.web.html_errors import refusal_page, service_errors_as_pages, service_errors_on_form
from forum.discussions.models import Post
from forum.discussions.selectors import post_get_for_viewer
from forum.moderation.forms import ReportForm
from forum.moderation.models import Report
from forum.moderation.permissions import post_report_refusal
from forum.moderation.services.reports import report_create


@login_required
@require_http_methods(["GET", "POST"])
@service_errors_as_pages(PermissionDenied)
def post_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report form for one comment; sent, back to the comment."""
    viewer = viewer_for(request)
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    if request.method == "GET":
        if refusal := post_report_refusal(viewer, post):
            return refusal_page(request, refusal.message, status=403)
        return _report_page(request, post, ReportForm())
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_page(request, post, form)
    # Refused for its input or its pace: the form again, with what was typed.
    with service_errors_on_form(form):
        report = report_create(
            post=post,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        return _reported(request, report)
    return _report_page(request, post, form)


def _reported(request: HttpRequest, report: Report) -> HttpResponse:
    post = report.post
    if post.status == Post.Status.VISIBLE:
        messages.success(request, "Thank you: the moderators will look at this comment.")
        return redirect("forum:post", pk=post.pk)
    # Enough readers reported it: hidden until a moderator decides, so not at its permalink.
    messages.success(
        request, "Thank you: the comment is hidden until a moderator has looked at it."
    )
    return redirect(f"{post.topic.comments_url}#comments")


def _report_page(request: HttpRequest, post: Post, form: ReportForm) -> HttpResponse:
    return render_form(
        request, "moderation/post_report.html", {"post": post, "form": form}, form=form
    )
