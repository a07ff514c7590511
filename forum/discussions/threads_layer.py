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

from django.db.models import CharField, Q, QuerySet, Value
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

# What each row of the member's one query is (_likes_and_held).
LIKED, REPORTED, HELD = "liked", "reported", "held"
# The end of a list of replies: the <ol>s inside it (a comment's own lists) are counted.
_LIST_TAGS = re.compile(r"<ol[\s>]|</ol>")


@dataclass
class _Marks:
    """What to change in the shared HTML, by comment id."""

    liked: set[int] = field(default_factory=set)
    reported: set[int] = field(default_factory=set)
    """Comments the member reported: "Reported" in place of the Report link."""
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
    marks.liked, marks.reported, held_ids = _likes_and_held(rendered, viewer=viewer, topic=topic)
    _mark_controls(marks, rendered.shown, viewer=viewer)
    roots = _mark_held(
        marks, rendered, held_ids, viewer=viewer, topic=topic, reply_refusal=reply_refusal
    )
    marked = marks.liked or marks.reported or marks.own or marks.controls or marks.heads
    if not (marked or marks.appended or roots):
        return rendered
    # Safe: the shared HTML is, and what is marked on it is escaped as it is built.
    html = mark_safe("".join(roots) + _apply(str(rendered.html), marks))  # noqa: S308
    return replace(rendered, html=html, has_threads=rendered.has_threads or bool(roots))


def _mark_controls(marks: _Marks, shown: tuple[ShownPost, ...], *, viewer: Viewer) -> None:
    """Edit and Delete where the rules allow them: the member's own comments, and every comment
    a moderator may edit (not an administrator's, unless they are one)."""
    staff, me = viewer.is_discussion_staff, viewer.pk  # asked once, not once per comment
    mine = [post for post in shown if post.author_id == me]
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
) -> tuple[set[int], set[int], list[int]]:
    """Which of the page's comments the viewer liked and reported, and which held comments
    they may see (their own; a moderator, everyone's) in the page's threads, or heading the
    first page: one query, their union. The held ones are read whole apart, when there are
    any."""
    # Each statement composed in one filter, by ids: every member's page view composes them.
    mine = Q() if viewer.is_discussion_staff else Q(author_id=viewer.pk)
    opening = ~Q(pk=topic.opening_post_id) if topic.opening_post_id else Q()
    # Held: neither visible nor deleted, said term by term as the partial index of the topic's
    # held top-level comments says "not visible" (models.py, post_roots_not_shown).
    not_shown = ~Q(status=Post.Status.VISIBLE) & ~Q(status=Post.Status.DELETED)

    def held_rows(where: Q) -> QuerySet[Post, tuple[int, str]]:
        return (
            Post.objects.filter(where, mine, opening, not_shown)
            .order_by()
            .values_list("pk", Value(HELD, output_field=CharField()))
        )

    # Each part reads what the page holds: the replies in its threads, asked as "id in the
    # threads' replies" so that each is looked up (SQLite plans without statistics, and given
    # the topic or the author to go by it read every comment of either), and on the first page
    # the top-level comments heading it, through that partial index.
    replies = Post.objects.filter(root_id__in=rendered.root_ids).values("pk")
    held_parts = [held_rows(Q(pk__in=replies))]
    if rendered.first_page:
        heads = Q(depth=0) if rendered.thread is None else Q(pk=rendered.thread)
        held_parts.append(held_rows(heads & Q(topic_id=topic.pk)))
    if not rendered.shown:
        first, *others = held_parts
        return set(), set(), [pk for pk, _ in first.union(*others, all=True)]
    # Their likes in the page's threads, read through the threads' roots (a few ids, where
    # the page's comments would make the statement hundreds of parameters long): what it
    # reads follows the page, not how many of the topic's comments the member liked.
    in_threads = Post.objects.filter(
        Q(pk__in=rendered.root_ids) | Q(root_id__in=rendered.root_ids)
    ).values("pk")
    liked_rows = (
        Reaction.objects.filter(user=viewer.user, post_id__in=in_threads)
        .order_by()
        .values_list("post_id", Value(LIKED, output_field=CharField()))
    )
    # Reports are forum/moderation's: read here by their relation to posts, in the page's
    # threads as the likes are, not among all the topic's comments.
    reported_rows = (
        Post.objects.filter(pk__in=in_threads, reports__reporter=viewer.user)
        .order_by()
        .values_list("pk", Value(REPORTED, output_field=CharField()))
    )
    found: dict[str, list[int]] = {LIKED: [], REPORTED: [], HELD: []}
    for pk, kind in liked_rows.union(reported_rows, *held_parts, all=True):
        found[kind].append(pk)
    on_page = {shown.pk for shown in rendered.shown}
    return set(found[LIKED]) & on_page, set(found[REPORTED]) & on_page, found[HELD]


def _apply(html: str, marks: _Marks) -> str:
    """`html` with `marks` made. Each anchor is an exact string of the comment template's,
    found with str.find (a member has a few marks, and a search is fast where a pass of Python
    over every comment would not be); the edits are then put together in one go."""
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), not overlapping

    def find(anchor: str, start: int = 0) -> int:
        return html.find(anchor, start)

    for pk in marks.liked:
        button = f'formaction="{reverse("forum:like", args=[pk])}" class="link-button like"'
        if (at := find(f'{button} aria-pressed="false"')) >= 0:
            end = at + len(button) + len(' aria-pressed="false"')
            edits.append((at, end, f'{button[:-1]} liked" aria-pressed="true"'))
    for pk in marks.own | marks.reported:
        report = f'<a class="report-link" href="{reverse("reports:post", args=[pk])}">Report</a>'
        if (at := find(report)) >= 0:
            instead = "" if pk in marks.own else '<span class="reported">Reported</span>'
            edits.append((at, at + len(report), instead))
    for pk, links in marks.controls.items():
        replies = find(f'<ol class="replies" id="replies-{pk}">')
        if replies >= 0 and (footer := html.rfind("</footer>", 0, replies)) >= 0:
            edits.append((footer, footer, links))
    for pk, head in marks.heads.items():
        at = find(f'<li class="comment comment-placeholder" id="comment-{pk}">')
        replies = find(f'<ol class="replies" id="replies-{pk}">', at)
        if at >= 0 and replies >= 0:
            edits.append((at, replies, head))
    for pk, comments in marks.appended.items():
        if (end := _list_end(html, f'<ol class="replies" id="replies-{pk}">')) >= 0:
            edits.append((end, end, "".join(comments)))
    out: list[str] = []
    last = 0
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        out += [html[last:start], replacement]
        last = end
    out.append(html[last:])
    return "".join(out)


def _list_end(html: str, opening: str) -> int:
    """Where the list that `opening` starts closes (its </ol>), or -1 when it is not there."""
    start = html.find(opening)
    if start < 0:
        return -1
    depth = 0
    for tag in _LIST_TAGS.finditer(html, start):
        depth += -1 if tag[0] == "</ol>" else 1
        if depth == 0:
            return tag.start()
    return -1
