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
    """Needs `request`, `topic` and `csrf_token` (a request's context has them, the token
    perhaps config/web/cached_html.py's placeholder) and `reply_refusal` if the viewer has
    one."""
    return comments_html(
        nodes,
        viewer=viewer_for(context["request"]),
        topic=context["topic"],
        reply_refusal=context.get("reply_refusal"),
        csrf_token=str(context.get("csrf_token", "")),
    )


@register.simple_tag(takes_context=True)
def comment_tree(context: template.Context, node: PostNode) -> SafeString:
    return comments(context, [node])
