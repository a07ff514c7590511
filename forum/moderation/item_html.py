"""The queue's items as HTML: the part of a moderation queue page rendered once per item, each
with a dozen decision forms, so written in Jinja2 (forum/moderation/jinja2/moderation/items.html)
as a discussion's comments are (forum/discussions/comment_html.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.http import HttpRequest
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import SafeString, mark_safe

from config.web.id_urls import id_url
from forum.moderation.cards import ModerationItem

TEMPLATE = "moderation/items.html"


def post_action_url() -> Callable[[int, str], str]:
    """The URL of a decision on a post (`moderation:post_action`), as a function of the post's
    id and the action: each action's route reversed once per page (config/web/id_urls.py). A
    page's 25 items carry some 190 decision forms, and reverse() for each was the largest part
    of rendering them."""
    by_action: dict[str, Callable[[int], str]] = {}

    def url(pk: int, action: str) -> str:
        if action not in by_action:
            by_action[action] = id_url("moderation:post_action", action)
        return by_action[action](pk)

    return url


def queue_items_html(
    items: Sequence[ModerationItem],
    *,
    request: HttpRequest,
    queue: str,
    next_url: str,
    fields: dict[str, SafeString],
    author_actions: set[int],
) -> SafeString:
    """The items of a queue page with their decision forms, which return to `next_url`.

    The forms share the page's one CSRF field: Django's Jinja2 backend, given the request,
    would offer it lazily and draw a fresh mask of the token for each of a page's hundred-odd
    forms; any masking of the token is as good as another, so it is drawn once."""
    context = {
        "items": items,
        "queue": queue,
        "next": next_url,
        "fields": fields,
        "author_actions": author_actions,
        "csrf_input": csrf_input(request),
        "action_url": post_action_url(),
    }
    return mark_safe(engines["jinja2"].get_template(TEMPLATE).render(context))  # noqa: S308
