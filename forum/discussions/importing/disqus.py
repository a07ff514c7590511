"""Reading a Disqus export (Admin → Moderate → Export: one XML file for the whole site).

The file lists the threads (`<thread dsq:id>`, with the page's link and the site's own
identifier for it), then every post flat, each naming its thread and the post it answers by
their Disqus ids. Posts are kept with their thread, oldest first.
"""

from __future__ import annotations

from datetime import datetime
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
    attribute,
    child,
    child_text,
    children,
    local_name,
    xml_read,
)
from forum.discussions.models import ImportSource


def disqus_read(path: Path) -> SourceExport:
    """The export's threads and posts; ImportFileError naming the file and the first problem
    (a malformed file, an entity declared, a post without its id, thread or date)."""
    root = xml_read(path)
    if local_name(root) != "disqus":
        raise ImportFileError(path, f"is not a Disqus export (its root is <{local_name(root)}>)")
    threads: dict[str, tuple[Element, list[SourcePost]]] = {}
    for element in children(root, "thread"):
        thread_id = attribute(element, "id")
        if not thread_id:
            raise ImportFileError(path, "a <thread> has no dsq:id")
        threads[thread_id] = (element, [])
    for element in children(root, "post"):
        post, thread_id = _post(path, element)
        if thread_id not in threads:
            raise ImportFileError(
                path, f"post {post.external_id} is in thread {thread_id}, which the file lacks"
            )
        threads[thread_id][1].append(post)
    return SourceExport(
        source=ImportSource.DISQUS,
        path=path,
        threads=tuple(
            _thread(thread_id, element, posts)
            for thread_id, (element, posts) in threads.items()
            if posts
        ),
    )


def _thread(thread_id: str, element: Element, posts: list[SourcePost]) -> SourceThread:
    identifier = child_text(element, "id")
    return SourceThread(
        external_id=thread_id,
        identifiers=(identifier,) if identifier else (),
        link=child_text(element, "link"),
        title=child_text(element, "title"),
        posts=tuple(sorted(posts, key=lambda post: (post.created_at, post.external_id))),
    )


def _post(path: Path, element: Element) -> tuple[SourcePost, str]:
    """The post, and the Disqus id of its thread."""
    post_id = external_id_checked(path, "a <post>", attribute(element, "id"))
    if not post_id:
        raise ImportFileError(path, "a <post> has no dsq:id")
    thread = child(element, "thread")
    thread_id = attribute(thread, "id") if thread is not None else ""
    if not thread_id:
        raise ImportFileError(path, f"post {post_id} names no thread")
    parent = child(element, "parent")
    state = SourceState.PUBLISHED
    if child_text(element, "isSpam") == "true":
        state = SourceState.SPAM
    elif child_text(element, "isDeleted") == "true":
        state = SourceState.DELETED
    post = SourcePost(
        external_id=post_id,
        parent_id=(attribute(parent, "id") or None) if parent is not None else None,
        author=_author(child(element, "author")),
        body_html=child_text(element, "message"),
        created_at=_when(path, post_id, child_text(element, "createdAt")),
        state=state,
    )
    return post, thread_id


def _author(element: Element | None) -> SourceAuthor:
    if element is None:
        return SourceAuthor(name="", email="", username="")
    anonymous = child_text(element, "isAnonymous") == "true"
    return SourceAuthor(
        name=child_text(element, "name"),
        email=child_text(element, "email"),
        username="" if anonymous else child_text(element, "username"),
    )


def _when(path: Path, post_id: str, text: str) -> datetime:
    """Disqus writes UTC with a Z: 2019-04-02T09:15:00Z."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise ImportFileError(path, f"post {post_id} has no valid createdAt ({text!r})")
    return when
