"""Writing the index. Called by receivers.py inside the transaction of the write it follows,
and by the rebuild command."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from articles.models import Article, Highlight
from forum.discussions.models import Post
from forum.search.documents import DocumentText, article_text, post_text
from forum.search.models import SearchDocument

_HIGHLIGHTS = Prefetch("highlights", queryset=Highlight.objects.order_by("position", "id"))


def _fields(text: DocumentText) -> dict[str, Any]:
    return {
        "kind": text.kind,
        "title": text.title,
        "summary": text.summary,
        "body": text.body,
        "published_at": text.published_at,
        "author_id": text.author_id,
        "topic_id": text.topic_id,
    }


def _document_put(*, lookup: dict[str, Any], text: DocumentText, created: bool) -> None:
    """Write the row for `lookup`: one INSERT for something new, else one UPDATE (and an
    INSERT when the row is missing, as for what was written before the index existed)."""
    fields = _fields(text)
    if not created and SearchDocument.objects.filter(**lookup).update(**fields):
        return
    SearchDocument.objects.create(**lookup, **fields)


def document_article_put(*, article: Article) -> None:
    """Precondition: inside the transaction that wrote the article."""
    highlights = list(
        Highlight.objects.filter(article=article)
        .order_by("position", "id")
        .values_list("text", flat=True)
    )
    _document_put(
        lookup={"article_id": article.pk}, text=article_text(article, highlights), created=False
    )


def document_post_put(*, post: Post, created: bool) -> None:
    """Precondition: inside the transaction that wrote the post, with `post.topic` loaded."""
    topic = post.topic
    text = post_text(
        post,
        topic_title=topic.title,
        opens_forum_topic=topic.article_id is None and topic.opening_post_id == post.pk,
    )
    _document_put(lookup={"post_id": post.pk}, text=text, created=created)


def documents_posts_add(*, posts: Sequence[Post]) -> None:
    """Index posts new to the index: one INSERT (PostgreSQL computes the vectors as it writes
    the rows, models.py).

    Precondition: inside the transaction that wrote them, each with `post.topic` loaded, none
    indexed before.
    """
    documents = []
    for post in posts:
        topic = post.topic
        text = post_text(
            post,
            topic_title=topic.title,
            opens_forum_topic=topic.article_id is None and topic.opening_post_id == post.pk,
        )
        documents.append(SearchDocument(post_id=post.pk, **_fields(text)))
    SearchDocument.objects.bulk_create(documents)


def _article_documents(batch_size: int) -> Iterator[SearchDocument]:
    articles = Article.objects.prefetch_related(_HIGHLIGHTS).order_by("pk")
    for article in articles.iterator(chunk_size=batch_size):
        text = article_text(article, [h.text for h in article.highlights.all()])
        yield SearchDocument(article_id=article.pk, **_fields(text))


def _post_documents(batch_size: int) -> Iterator[SearchDocument]:
    posts = Post.objects.select_related("topic").order_by("pk")
    for post in posts.iterator(chunk_size=batch_size):
        topic = post.topic
        text = post_text(
            post,
            topic_title=topic.title,
            opens_forum_topic=topic.article_id is None and topic.opening_post_id == post.pk,
        )
        yield SearchDocument(post_id=post.pk, **_fields(text))


def search_index_total() -> int:
    """How many rows a rebuild writes."""
    return Article.objects.count() + Post.objects.count()


@transaction.atomic
def search_index_rebuild(
    *, batch_size: int = 1000, progress: Callable[[int], None] | None = None
) -> int:
    """Replace the whole index, in one transaction: searches meanwhile read the old one.
    `progress` is told how many rows each batch wrote. Returns how many there are."""
    SearchDocument.objects.all().delete()
    written = 0
    for documents in (_article_documents(batch_size), _post_documents(batch_size)):
        batch: list[SearchDocument] = []
        for document in documents:
            batch.append(document)
            if len(batch) == batch_size:
                written += _write(batch, progress)
                batch = []
        written += _write(batch, progress)
    return written


def _write(batch: list[SearchDocument], progress: Callable[[int], None] | None) -> int:
    SearchDocument.objects.bulk_create(batch)
    if progress is not None:
        progress(len(batch))
    return len(batch)
