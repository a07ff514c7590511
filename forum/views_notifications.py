"""The inbox of notifications, and unsubscribing from mail with a signed link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import NotificationKind

from .notification_messages import (
    DIGEST,
    notification_text,
    notification_url,
    unsubscribe_token_read,
)
from .selectors import notification_inbox
from .services.notification_mail import notifications_unsubscribe
from .services.notifications import notifications_mark_read

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notification_inbox(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = [
        {"notification": n, "text": notification_text(n), "url": notification_url(n)} for n in page
    ]
    return render(request, "forum/notifications.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points."""
    notifications_mark_read(user=request.user, ids=[pk])
    notification = notification_inbox(user=request.user).filter(pk=pk).first()
    if notification is None:
        return redirect("notifications:list")
    return redirect(notification_url(notification))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' * (count != 1)} marked as read.")
    return redirect("notifications:list")


# The token is the credential: mail clients POST the one-click form (RFC 8058) with no cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=400)
    label = "the daily digest" if kind == DIGEST else NotificationKind(kind).label
    if request.method == "POST":
        notifications_unsubscribe(user_id=user_id, kind=kind)
        return render(request, "forum/unsubscribe.html", {"done": True, "label": label})
    return render(request, "forum/unsubscribe.html", {"label": label, "token": token})
