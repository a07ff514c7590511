"""The moderators' pages: the queues, the log, their one-click decisions.

Every decision is a plain POST form that redirects back to the queue with a message; under htmx
(`request.htmx`) the same POST answers with a one-line result swapped into the page instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.permissions import can_change_account_state
from accounts.requests import AuthenticatedHttpRequest
from accounts.viewer import Viewer, viewer_for
from config.web.html_errors import service_errors_as_pages
from config.web.query_params import query_offset
from config.web.requests import HtmxHttpRequest
from forum.discussions.models import Post
from forum.moderation.cards import ModerationItem
from forum.moderation.forms import (
    BanForm,
    BulkForm,
    DecisionForm,
    LogFilterForm,
    SuspendForm,
)
from forum.moderation.item_html import queue_items_html
from forum.moderation.selectors import Queue, moderation_log, moderation_queue
from forum.moderation.services.account_states import user_ban, user_suspend
from forum.moderation.services.decisions import (
    AlreadyHandled,
    check_can_moderate,
    post_approve,
    post_approve_among_many,
    post_approve_and_trust,
    post_feature,
    post_mark_spam,
    post_reject,
    post_remove,
    post_reports_dismiss,
    post_restore,
    posts_bulk,
    topic_close,
)

LOG_PAGE_SIZE = 50

View = Callable[..., HttpResponse]
AnyForm = TypeVar("AnyForm", bound=Form)


def moderator_required(view: View) -> View:
    """Anonymous visitors go to the login page; logged-in non-moderators get a 403."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        check_can_moderate(viewer_for(request))
        return view(request, *args, **kwargs)

    return guarded


def _queue_url(**params: Any) -> str:
    return f"{reverse('moderation:queue')}?{urlencode(params)}"


def _back(request: HttpRequest) -> str:
    """Where a decision returns to: the queue page it was made on."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("moderation:queue")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("moderation:queue")


def _outcome(request: HtmxHttpRequest, message: str, *, level: int) -> HttpResponse:
    """The one-line result: as the fragment htmx swaps in, or as a message after a redirect.

    Under htmx the queue's tabs come along, swapped out of band, so their counts tell what the
    decision (or another moderator's before it) left waiting; without htmx the page the redirect
    leads to counts afresh."""
    back = _back(request)
    if request.htmx:
        queue = parse_qs(urlsplit(back).query).get("queue", [Queue.PENDING])[0]
        context = {
            "message": message,
            "level": messages.DEFAULT_TAGS[level],
            "queue": queue if queue in Queue.CHOICES else Queue.PENDING,
        }
        return render(request, "moderation/_result.html", context)
    messages.add_message(request, level, message)
    return redirect(back)


# --- The queues -------------------------------------------------------------------------------


def _shared_fields() -> dict[str, SafeString]:
    """The fields of the queue items' decision forms, rendered by Django once for the page and
    shown in every item's forms: they carry no id (each sits inside its label), so they are the
    same for every item, and rendered afresh for each of a page's items they took a millisecond
    an item."""
    decision, suspend, ban = (
        DecisionForm(auto_id=False),
        SuspendForm(auto_id=False),
        BanForm(auto_id=False),
    )
    return {
        "reason": decision["reason"].as_widget(),
        "text": decision["text"].as_widget(),
        "days": suspend["days"].as_widget(),
        "suspend_reason": suspend["reason"].as_widget(),
        "ban_reason": ban["reason"].as_widget(),
    }


def _author_actions(moderator: Viewer, items: list[ModerationItem]) -> set[int]:
    """The ids of the authors on the page whom `moderator` may suspend or ban: those whose
    account they may change (each author's roles read with the page's), neither banned nor gone
    already."""
    return {
        item.post.author_id
        for item in items
        if can_change_account_state(moderator, item.author)
        and item.post.author.state not in (User.State.BANNED, User.State.DELETED)
    }


@moderator_required
@require_GET
def moderation_queue_page(request: HttpRequest) -> HttpResponse:
    """A page of one queue. Its tab counts come from the `moderation_nav` context processor,
    which the header's link shares, so they are counted once per page."""
    queue = request.GET.get("queue", Queue.PENDING)
    if queue not in Queue.CHOICES:
        queue = Queue.PENDING
    # History reads newest first; the waiting queues oldest first unless asked.
    asked_newest = queue != Queue.HISTORY and request.GET.get("order") == "newest"
    newest_first = asked_newest or queue == Queue.HISTORY
    offset = query_offset(request)
    items, has_more = moderation_queue(queue=queue, newest_first=newest_first, offset=offset)
    size = settings.FORUM_MODERATION_PAGE_SIZE
    params = {"queue": queue} | ({"order": "newest"} if asked_newest else {})
    further = _queue_url(**params, offset=offset + size) if has_more else None
    back = _queue_url(**params, offset=max(0, offset - size)) if offset else None
    next_url = request.get_full_path()
    context = {
        "queue": queue,
        "asked_newest": asked_newest,
        "items": items,
        "items_html": queue_items_html(
            items,
            request=request,
            queue=queue,
            next_url=next_url,
            fields=_shared_fields(),
            author_actions=_author_actions(viewer_for(request), items),
        ),
        "next": next_url,
        "bulk_form": BulkForm(auto_id="bulk-%s"),
        "older_url": further if newest_first else back,
        "newer_url": back if newest_first else further,
    }
    return render(request, "moderation/queue.html", context)


# --- Decisions on one post ---------------------------------------------------------------------


def _valid(form: AnyForm) -> AnyForm:
    if not form.is_valid():
        raise ValidationError([error for errors in form.errors.values() for error in errors])
    return form


def _approve(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_approve(post=post, moderator=request.user)
    return "Approved ✓"


def _approve_and_trust(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_approve_and_trust(post=post, moderator=request.user)
    return f"Approved ✓ {post.author.public_name} now posts without review."


def _reject(request: AuthenticatedHttpRequest, post: Post) -> str:
    form = _valid(DecisionForm(request.POST))
    post_reject(post=post, moderator=request.user, reason=form.author_reason())
    return "Rejected ✓"


def _remove(request: AuthenticatedHttpRequest, post: Post) -> str:
    form = _valid(DecisionForm(request.POST))
    post_remove(post=post, moderator=request.user, reason=form.author_reason())
    return "Removed ✓"


def _restore(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_restore(post=post, moderator=request.user)
    return "Restored ✓"


def _spam(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_mark_spam(post=post, moderator=request.user)
    return "Marked as spam ✓"


def _dismiss(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_reports_dismiss(post=post, moderator=request.user)
    return "Reports dismissed ✓"


def _feature(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_feature(post=post, moderator=request.user, featured=True)
    return "Featured ✓"


def _unfeature(request: AuthenticatedHttpRequest, post: Post) -> str:
    post_feature(post=post, moderator=request.user, featured=False)
    return "No longer featured ✓"


def _suspend_author(request: AuthenticatedHttpRequest, post: Post) -> str:
    form = _valid(SuspendForm(request.POST))
    author = user_suspend(
        user=post.author, by=request.user, until=form.until(), reason=form.cleaned_data["reason"]
    )
    days = form.cleaned_data["days"]
    return f"{author.public_name} suspended for {days} day{'s' * (days != 1)} ✓"


def _ban_author(request: AuthenticatedHttpRequest, post: Post) -> str:
    form = _valid(BanForm(request.POST))
    author = user_ban(user=post.author, by=request.user, reason=form.cleaned_data["reason"])
    return f"{author.public_name} banned ✓"


def _close_topic(request: AuthenticatedHttpRequest, post: Post) -> str:
    topic_close(topic=post.topic, moderator=request.user, closed=True)
    return "Discussion closed ✓"


def _reopen_topic(request: AuthenticatedHttpRequest, post: Post) -> str:
    topic_close(topic=post.topic, moderator=request.user, closed=False)
    return "Discussion reopened ✓"


POST_ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, Post], str]] = {
    "approve": _approve,
    "approve-and-trust": _approve_and_trust,
    "reject": _reject,
    "remove": _remove,
    "restore": _restore,
    "spam": _spam,
    "dismiss": _dismiss,
    "feature": _feature,
    "unfeature": _unfeature,
    "suspend-author": _suspend_author,
    "ban-author": _ban_author,
    "close-topic": _close_topic,
    "reopen-topic": _reopen_topic,
}


@moderator_required
@require_POST
@service_errors_as_pages(PermissionDenied)
def moderation_post_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One decision on a queue item: on the post, its author, or its discussion."""
    decide = POST_ACTIONS.get(action)
    if decide is None:
        raise Http404("No such moderation action.")
    post = get_object_or_404(Post.objects.select_related("topic", "author"), pk=pk)
    try:
        message = decide(request, post)
    except AlreadyHandled as handled:
        return _outcome(request, str(handled), level=messages.WARNING)
    except ValidationError as error:
        return _outcome(request, " ".join(error.messages), level=messages.ERROR)
    return _outcome(request, message, level=messages.SUCCESS)


def _bulk_decision(form: BulkForm, moderator: User) -> tuple[str, Callable[[Post], Post]]:
    """What the bulk form asks for, as its past tense and a decision on one post: the same
    services the items' own buttons call."""
    decision, reason = form.cleaned_data["decision"], form.author_reason()
    if decision == BulkForm.APPROVE:
        return "Approved", lambda post: post_approve_among_many(post=post, moderator=moderator)
    if decision == BulkForm.REJECT:
        return "Rejected", lambda post: post_reject(post=post, moderator=moderator, reason=reason)
    if decision == BulkForm.REMOVE:
        return "Removed", lambda post: post_remove(post=post, moderator=moderator, reason=reason)
    return "Dismissed the reports on", lambda post: post_reports_dismiss(
        post=post, moderator=moderator
    )


@moderator_required
@require_POST
def moderation_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One decision on every ticked post; says how many were done and why any were not."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_back(request))
    verb, decide = _bulk_decision(form, request.user)
    result = posts_bulk(post_ids=form.cleaned_data["post"], decide=decide)
    done = len(result.done)
    if done:
        messages.success(request, f"{verb} {done} comment{'s' * (done != 1)}.")
    for pk, why in result.skipped.items():
        messages.warning(request, f"Skipped comment #{pk}: {why}")
    return redirect(_back(request))


# --- The log ------------------------------------------------------------------------------------


@moderator_required
@require_GET
def moderation_log_page(request: HttpRequest) -> HttpResponse:
    """Every decision, newest first, filtered by action, people and dates."""
    form = LogFilterForm(request.GET)
    entries = moderation_log(**form.filters()) if form.is_valid() else moderation_log().none()
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"form": form, "page": page})
