"""What is a member's own on a page of threads, put on the shared rendering per request.

The threads are rendered once for every member (forum/discussions/threads_html.py); what differs
from one member to the next is small and is marked on that HTML here, in one pass over it,
without rendering the threads again:

- their likes: the Like button of a comment they liked is pressed;
- their own comments: Edit and Delete instead of Report (Edit while the window is open);
- moderators: Edit on every comment they may edit;
- held comments they may see (their own, every one for a moderator): rendered alone (a few
  comments) and put where they belong, in place of the "[removed]" placeholder that heads
  visible replies, at the end of their parent's replies, or at the top of the first page.

It costs a query for the member's likes among the page's comments and one for the held comments
in the page's threads (and the authors' roles when there are any, or when a moderator reads).

Why on the server, and not a script filling in a JSON layer: every page keeps working without
JavaScript, and what someone may do shows as the permission rules say, checked here with the
same functions the pages behind the links check again. The markup matched is the comment
template's own (jinja2/discussions/comment.html), in which a comment's body can never hold a tag
with a class (rendering.py's sanitiser allows none), so no comment can fake an anchor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import BooleanField, Q, Value
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.models import User
from accounts.permissions import Refusal
from accounts.roles import roles_by_user
from accounts.viewer import Viewer
from forum.discussions.comment_html import comments_html
from forum.discussions.models import Post, Reaction, Topic
from forum.discussions.permissions import can_delete_post, can_edit_post
from forum.discussions.rendered_threads import RenderedThreads, ShownPost
from forum.discussions.selectors import PostNode, authors_as_viewers, post_node

# Every place the layer may change, in the order the comment template writes them.
_ANCHORS = re.compile(
    r'<li class="comment(?P<placeholder> comment-placeholder)?[^"]*" id="comment-(?P<comment>\d+)">'
    r'|<button form="like-form" formaction="[^"]*?/(?P<like>\d+)/like/" class="link-button like"'
    r' aria-pressed="false">'
    r'|\s*<a class="report-link" href="[^"]*?/(?P<report>\d+)/report/">Report</a>'
    r"|(?P<footer></footer>)"
    r'|<ol class="replies" id="replies-(?P<replies>\d+)">'
    r"|(?P<ol><ol[\s>])"
    r"|(?P<ol_end></ol>)"
)


@dataclass
class _Marks:
    """What to change in the shared HTML, by comment id."""

    liked: set[int] = field(default_factory=set)
    own: set[int] = field(default_factory=set)
    controls: dict[int, str] = field(default_factory=dict)
    heads: dict[int, str] = field(default_factory=dict)
    """A held comment's card, in place of the placeholder the shared rendering shows."""
    appended: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Held comments at the end of their parent's replies."""


def member_layer(
    rendered: RenderedThreads, *, viewer: Viewer, topic: Topic, reply_refusal: Refusal | None
) -> RenderedThreads:
    """`rendered` (the members' shared rendering) as `viewer` sees it."""
    marks = _Marks()
    marks.liked, held_ids = _likes_and_held(rendered, viewer=viewer, topic=topic)
    _mark_controls(marks, rendered.shown, viewer=viewer)
    roots = _mark_held(
        marks, rendered, held_ids, viewer=viewer, topic=topic, reply_refusal=reply_refusal
    )
    if not (marks.liked or marks.controls or marks.own or marks.heads or marks.appended or roots):
        return rendered
    # Safe: the shared HTML is, and what is marked on it is escaped as it is built.
    html = mark_safe("".join(roots) + _apply(str(rendered.html), marks))  # noqa: S308
    return replace(rendered, html=html, has_threads=rendered.has_threads or bool(roots))


def _mark_controls(marks: _Marks, shown: tuple[ShownPost, ...], *, viewer: Viewer) -> None:
    """Edit and Delete where the rules allow them: the member's own comments, and every comment
    a moderator may edit (not an administrator's, unless they are one)."""
    staff = viewer.is_discussion_staff
    mine = [post for post in shown if post.author_id == viewer.pk]
    candidates = shown if staff else tuple(mine)
    if not candidates:
        return
    authors: dict[int, Viewer] = {}
    if staff:
        author_ids = {post.author_id for post in candidates}
        users = {pk: User(pk=pk) for pk in author_ids}
        authors = authors_as_viewers(users, roles_by_user(author_ids))
    marks.own = {post.pk for post in mine}
    for shown_post in candidates:
        post = Post(
            pk=shown_post.pk,
            author_id=shown_post.author_id,
            status=Post.Status.VISIBLE,
            created_at=shown_post.created_at,
        )
        links = []
        if can_edit_post(viewer, post, author=authors.get(post.author_id)):
            links.append(
                format_html('<a href="{}">Edit</a>', reverse("forum:edit", args=[post.pk]))
            )
        if can_delete_post(viewer, post):
            links.append(
                format_html('<a href="{}">Delete</a>', reverse("forum:delete", args=[post.pk]))
            )
        if links:
            marks.controls[post.pk] = "".join(links)


def _mark_held(
    marks: _Marks,
    rendered: RenderedThreads,
    held_ids: list[int],
    *,
    viewer: Viewer,
    topic: Topic,
    reply_refusal: Refusal | None,
) -> list[str]:
    """Renders the held comments the viewer may see in the page's threads into `marks`;
    returns the held top-level ones, which head the first page."""
    if not held_ids:
        return []
    held = list(
        Post.objects.filter(pk__in=held_ids)
        .select_related("author", "reply_to__author")
        .order_by("path")
    )
    html = rendered.html
    in_page = {post.pk for post in held if f'id="comment-{post.pk}"' in html}
    as_seen = authors_as_viewers(
        {post.author_id: post.author for post in held},
        roles_by_user({post.author_id for post in held}),
    )
    nodes: dict[int, PostNode] = {}
    placed: list[PostNode] = []
    for post in held:  # by path: parents first
        node = post_node(
            post,
            topic=topic,
            viewer=viewer,
            author=as_seen[post.author_id],
            liked=set(),
            reply_to=post.reply_to if post.reply_to_id not in (None, post.parent_id) else None,
        )
        nodes[post.pk] = node
        parent = nodes.get(post.parent_id) if post.parent_id else None
        if parent is not None and post.parent_id not in in_page:
            parent.children.append(node)  # inside a held comment put in whole
        else:
            placed.append(node)

    def render(node: PostNode) -> str:
        return str(comments_html([node], viewer=viewer, topic=topic, reply_refusal=reply_refusal))

    roots = []
    for node in placed:
        pk, parent_id = node.post.pk, node.post.parent_id
        if pk in in_page:
            card = render(replace(node, children=[]))
            marks.heads[pk] = card[: card.index(f'<ol class="replies" id="replies-{pk}">')]
        elif parent_id is None:
            roots.append(render(node))
        elif f'id="replies-{parent_id}"' in html:
            marks.appended[parent_id].append(render(node))
    return roots


def _likes_and_held(
    rendered: RenderedThreads, *, viewer: Viewer, topic: Topic
) -> tuple[set[int], list[int]]:
    """Which of the page's comments the viewer liked, and which held comments they may see
    (their own; a moderator, everyone's) in the page's threads, or heading the first page:
    one query, their union. The held ones are read whole apart, when there are any."""
    where = Q(root_id__in=rendered.root_ids) if rendered.root_ids else Q(pk__in=[])
    if rendered.first_page:
        where |= Q(depth=0) if rendered.thread is None else Q(pk=rendered.thread)
    held = (
        Post.objects.filter(topic=topic)
        .filter(where)
        .exclude(status__in=(Post.Status.VISIBLE, Post.Status.DELETED))
    )
    if not viewer.is_discussion_staff:
        held = held.filter(author_id=viewer.pk)
    if topic.opening_post_id:
        held = held.exclude(pk=topic.opening_post_id)
    held_rows = held.order_by().values_list("pk", Value(True, output_field=BooleanField()))
    ids = [shown.pk for shown in rendered.shown]
    if not ids:
        return set(), [pk for pk, _ in held_rows]
    liked_rows = (
        Reaction.objects.filter(user_id=viewer.pk, post_id__in=ids)
        .order_by()
        .values_list("post_id", Value(False, output_field=BooleanField()))
    )
    liked: set[int] = set()
    held_ids: list[int] = []
    for pk, is_held in liked_rows.union(held_rows, all=True):
        (held_ids.append(pk) if is_held else liked.add(pk))
    return liked, held_ids


def _apply(html: str, marks: _Marks) -> str:
    """`html` with `marks` made, in one pass over the anchors."""
    out: list[str] = []
    last = 0
    skip_to = 0
    comment = 0
    lists: list[int] = []  # the open <ol>s: a comment's replies by its id, others 0
    for match in _ANCHORS.finditer(html):
        start, end = match.span()
        if start < skip_to:
            continue
        kind = match.lastgroup
        if kind == "comment":
            comment = int(match["comment"])
            if match["placeholder"] and comment in marks.heads:
                replies = html.index(f'<ol class="replies" id="replies-{comment}">', end)
                out += [html[last:start], marks.heads[comment]]
                last = skip_to = replies
        elif kind == "like" and int(match["like"]) in marks.liked:
            button = match[0].replace(
                'like" aria-pressed="false"', 'like liked" aria-pressed="true"'
            )
            out += [html[last:start], button]
            last = end
        elif kind == "report" and int(match["report"]) in marks.own:
            out.append(html[last:start])
            last = end
        elif kind == "footer" and comment in marks.controls:
            out += [html[last:start], marks.controls[comment]]
            last = start
        elif kind == "replies":
            lists.append(int(match["replies"]))
        elif kind == "ol":
            lists.append(0)
        elif kind == "ol_end" and lists:
            parent = lists.pop()
            if parent in marks.appended:
                out += [html[last:start], *marks.appended[parent]]
                last = start
    out.append(html[last:])
    return "".join(out)
