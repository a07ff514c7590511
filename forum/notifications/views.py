"""The inbox of notifications, watching or muting a topic, and unsubscribing from mail with a
signed link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import NotificationKind
from accounts.requests import AuthenticatedHttpRequest
from accounts.viewer import viewer_for
from config.web.html_errors import service_errors_as_pages
from config.web.query_params import whole_number
from forum.discussions.selectors import topic_get_for_viewer
from forum.notifications.inbox_lines import inbox_lines
from forum.notifications.messages import DIGEST, notification_path, unsubscribe_token_read
from forum.notifications.models import TopicSubscription
from forum.notifications.selectors import notification_inbox
from forum.notifications.services.inbox import notifications_mark_read
from forum.notifications.services.mail import notifications_unsubscribe
from forum.notifications.services.subscriptions import topic_unwatch, topic_watch

PER_PAGE = 30
SUBSCRIPTION_DONE = {
    TopicSubscription.Level.WATCHING: "You watch this discussion: every new post will be notified.",
    TopicSubscription.Level.MUTED: "This discussion is muted: nothing from it will be notified.",
    "none": "You neither watch nor mute this discussion: replies to you and mentions of you "
    "will be notified.",
}


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(notification_inbox(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page, "lines": inbox_lines(page)})


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one read, with those grouped with it on the page (`also`), and go where it points."""
    also = [whole_number(raw, minimum=1) for raw in request.POST.getlist("also")[:PER_PAGE]]
    notifications_mark_read(user=request.user, ids=[pk, *(i for i in also if i is not None)])
    notification = notification_inbox(user=request.user).filter(pk=pk).first()
    if notification is None:
        return redirect("notifications:list")
    return redirect(notification_path(notification))


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' * (count != 1)} marked as read.")
    return redirect("notifications:list")


@login_required
@require_POST
@service_errors_as_pages(PermissionDenied)
def topic_subscription(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Watch, mute, or neither ("none"), from the buttons of
    notifications/_topic_subscription.html."""
    topic = topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
    level = request.POST.get("level", "")
    if level not in SUBSCRIPTION_DONE:
        return HttpResponseBadRequest("Choose watching, muted or none.")
    if level in TopicSubscription.Level.values:
        topic_watch(user=request.user, topic_id=topic.pk, level=TopicSubscription.Level(level))
    else:
        topic_unwatch(user=request.user, topic_id=topic.pk)
    messages.success(request, SUBSCRIPTION_DONE[level])
    return redirect(topic.comments_url)


# The token is the credential: mail clients POST the one-click form (RFC 8058) with no cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    label = "the daily digest" if kind == DIGEST else NotificationKind(kind).label
    if request.method == "POST":
        notifications_unsubscribe(user_id=user_id, kind=kind)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "token": token})
