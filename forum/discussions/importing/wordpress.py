"""Reading a WordPress export (WXR: Tools → Export, an RSS file with WordPress's own elements).

Each `<item>` is a post or page, with its comments (`<wp:comment>`) inside it; a comment names
the one it answers by `wp:comment_parent` (0 for none). Pingbacks, trackbacks and other
entries that are not comments are counted and left out. WordPress keeps a comment as typed:
text whose blank lines are paragraphs and whose line breaks are breaks, with some HTML; it is
given here as HTML, as WordPress shows it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from forum.discussions.importing.sources import (
    ImportFileError,
    SourceAuthor,
    SourceExport,
    SourcePost,
    SourceState,
    SourceThread,
    external_id_checked,
)
from forum.discussions.importing.xml_reading import (
    child,
    child_text,
    children,
    local_name,
    xml_read,
)
from forum.discussions.models import ImportSource

COMMENT_TYPES = frozenset({"", "comment"})
_STATES = {
    "1": SourceState.PUBLISHED,
    "approve": SourceState.PUBLISHED,
    "0": SourceState.UNAPPROVED,
    "hold": SourceState.UNAPPROVED,
    "spam": SourceState.SPAM,
    "trash": SourceState.DELETED,
    "post-trashed": SourceState.DELETED,
}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def wordpress_read(path: Path) -> SourceExport:
    """The export's commented items and their comments; ImportFileError naming the file and
    the first problem (a malformed file, an entity declared, a comment without id or date)."""
    root = xml_read(path)
    channel = child(root, "channel")
    if local_name(root) != "rss" or channel is None:
        raise ImportFileError(path, "is not a WordPress export (no <rss><channel>)")
    threads = []
    not_comments = 0
    for item in children(channel, "item"):
        posts = []
        for element in children(item, "comment"):
            if child_text(element, "comment_type") not in COMMENT_TYPES:
                not_comments += 1
                continue
            posts.append(_comment(path, element))
        if posts:
            threads.append(_thread(path, item, posts))
    return SourceExport(
        source=ImportSource.WORDPRESS, path=path, threads=tuple(threads), not_comments=not_comments
    )


def _thread(path: Path, item: Element, posts: list[SourcePost]) -> SourceThread:
    post_id = child_text(item, "post_id")
    if not post_id:
        raise ImportFileError(path, f"the item {child_text(item, 'title')!r} has no wp:post_id")
    identifiers = (child_text(item, "post_name"), child_text(item, "guid"))
    return SourceThread(
        external_id=post_id,
        identifiers=tuple(identifier for identifier in identifiers if identifier),
        link=child_text(item, "link"),
        title=child_text(item, "title"),
        posts=tuple(sorted(posts, key=lambda post: (post.created_at, post.external_id))),
    )


def _comment(path: Path, element: Element) -> SourcePost:
    comment_id = external_id_checked(path, "a <wp:comment>", child_text(element, "comment_id"))
    if not comment_id:
        raise ImportFileError(path, "a <wp:comment> has no wp:comment_id")
    parent = child_text(element, "comment_parent")
    approved = child_text(element, "comment_approved")
    return SourcePost(
        external_id=comment_id,
        parent_id=parent if parent not in ("", "0") else None,
        author=SourceAuthor(
            name=child_text(element, "comment_author"),
            email=child_text(element, "comment_author_email"),
            username="",
        ),
        body_html=_paragraphs(child_text(element, "comment_content")),
        created_at=_when(path, comment_id, element),
        state=_STATES.get(approved, SourceState.UNAPPROVED),
    )


def _paragraphs(text: str) -> str:
    """What WordPress shows of a comment typed as text: blank lines part paragraphs, and a
    line break within one is a break."""
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + paragraph.strip().replace("\n", "<br>\n") + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _when(path: Path, comment_id: str, element: Element) -> datetime:
    """`comment_date_gmt` is UTC; when WordPress left it unset (0000-00-00 00:00:00, as for
    some held comments) the site's local `comment_date` is taken as UTC."""
    for name in ("comment_date_gmt", "comment_date"):
        text = child_text(element, name)
        try:
            return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ImportFileError(path, f"comment {comment_id} has no valid wp:comment_date")
