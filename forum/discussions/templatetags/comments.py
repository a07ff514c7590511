"""`{% comments nodes %}` and `{% comment_tree node %}`: comments as
forum/discussions/comment_html.py renders them, for the viewer of the page's request."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from accounts.viewer import viewer_for
from forum.discussions.comment_html import comments_html
from forum.discussions.selectors import PostNode

register = template.Library()


@register.simple_tag(takes_context=True)
def comments(context: template.Context, nodes: list[PostNode]) -> SafeString:
    """Needs `request` and `topic`, and `reply_refusal` if the viewer has one. A rendering
    shared by many (forum/discussions/threads_html.py) gives `viewer` (logged out) and `member`
    (whether for logged-in readers) instead of the request's."""
    return comments_html(
        nodes,
        viewer=context.get("viewer") or viewer_for(context["request"]),
        topic=context["topic"],
        reply_refusal=context.get("reply_refusal"),
        member=context.get("member"),
    )


@register.simple_tag(takes_context=True)
def comment_tree(context: template.Context, node: PostNode) -> SafeString:
    return comments(context, [node])
