"""Reading discussions. Every read applies visibility: what a viewer may not see is absent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import roles_by_user
from accounts.viewer import Viewer
from articles.models import Article
from articles.permissions import can_preview_articles
from forum.discussions.models import Category, Post, Reaction, Topic
from forum.discussions.permissions import can_delete_post, can_edit_post, can_see_post


class Sort:
    OLDEST = "oldest"
    NEWEST = "newest"
    TOP = "top"
    CHOICES = (OLDEST, NEWEST, TOP)
    DEFAULT = OLDEST


# Featured comments lead whatever the order.
ROOT_ORDERING = {
    Sort.OLDEST: ("-is_featured", "created_at", "id"),
    Sort.NEWEST: ("-is_featured", "-created_at", "-id"),
    Sort.TOP: ("-is_featured", "-like_count", "-created_at", "-id"),
}


# What a page shows of a comment's author (their byline, whom a reply answers) and what the
# rules ask of them (Viewer: whether the account is active, a superuser): a third of the row.
AUTHOR_FIELDS = ("username", "display_name", "avatar", "state", "is_active", "is_superuser")


@dataclass
class PostNode:
    """A post as one viewer sees it in a thread."""

    post: Post
    children: list[PostNode] = field(default_factory=list)
    placeholder: str = ""
    """"[deleted]" or "[removed]" when only the replies under it are shown."""
    replying_to: User | None = None
    """Whom a reply answers, when it sits beside that post rather than under it."""
    is_moderator: bool = False
    is_article_author: bool = False
    liked: bool = False
    can_edit: bool = False
    can_delete: bool = False


def topic_get_for_viewer(*, pk: int, viewer: Viewer) -> Topic:
    """A topic the viewer may read; an article's topic is public only while the article is."""
    # By its key, with no order to compose (first() would add the topics' listing order).
    try:
        topic = Topic.objects.select_related("category", "article", "opening_post__author").get(
            pk=pk
        )
    except Topic.DoesNotExist:
        raise Http404("No such topic.") from None
    article = topic.article
    if article is not None and not article.is_live and not can_preview_articles(viewer):
        raise Http404("No such topic.")
    opening = topic.opening_post
    if opening is not None and not can_see_post(viewer, opening):
        raise Http404("No such topic.")  # held until a moderator approves its first post
    return topic


# What a topic's public page is rendered from besides its posts (which `discussion_version`
# follows): the topic's, its category's and its article's fields the page shows.
_PUBLIC_PAGE_FIELDS = (
    "slug",
    "discussion_version",
    "title",
    "is_closed",
    "category_id",
    "category__name",
    "category__slug",
    "article_id",
    "article__title",
    "article__slug",
    "article__status",
    "article__publish_at",
    "opening_post__status",
)


def topic_public_page_version(*, pk: int) -> tuple[str, tuple[object, ...]] | None:
    """For a reader logged out: the topic's slug, and what its public page is rendered from, as
    versions, so that a page cached under them is never served after they change. None when
    the public may not read the topic (topic_get_for_viewer then says why: a 404).

    One query of the fields alone: every logged-out view of a topic page asks it, and reading
    the topic, its category, article and opening post as objects costs ten times more than
    serving the cached page."""
    row = Topic.objects.filter(pk=pk).order_by().values_list(*_PUBLIC_PAGE_FIELDS)[:1]
    found = next(iter(row), None)
    if found is None:
        return None
    values = dict(zip(_PUBLIC_PAGE_FIELDS, found, strict=True))
    if values["article_id"] is not None:
        article = Article(
            status=values["article__status"], publish_at=values["article__publish_at"]
        )
        public = article.is_live  # the rule of topic_is_public, on the fields read
    else:
        opening = values["opening_post__status"]
        public = opening is None or opening == Post.Status.VISIBLE
    if not public:
        return None
    return values["slug"], (pk, *found)


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name")


def category_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404("No such category.")
    return category


def topic_list(*, category: Category, viewer: Viewer) -> QuerySet[Topic]:
    """A category's topics by latest activity, pinned first: article topics while their article
    is live, forum topics once their opening post is shown (to its author and moderators
    before)."""
    live_article = Article.objects.live().filter(pk=OuterRef("article_id"))
    shown = Q(opening_post__isnull=True) | Q(opening_post__status=Post.Status.VISIBLE)
    if viewer.is_discussion_staff:
        shown |= ~Q(opening_post__status=Post.Status.DELETED)
    elif viewer.is_authenticated:
        shown |= Q(author_id=viewer.pk) & ~Q(opening_post__status=Post.Status.DELETED)
    return (
        Topic.objects.filter(category=category)
        .filter(shown)
        .filter(Q(article__isnull=True) | Exists(live_article))
        .select_related("author", "article")
        .order_by("-is_pinned", "-last_activity_at", "-id")
    )


def thread_roots(*, topic: Topic, viewer: Viewer, sort: str) -> QuerySet[Post]:
    """The top-level comments a viewer sees, in `sort` order.

    A comment the viewer may not see still heads its thread when visible replies hang under it
    (it shows as a placeholder). Those are looked for only among the topic's few roots that
    are not shown, in a subquery that runs once, so that the statement walks an index of roots
    in the page's order and stops at the page: its cost follows the page, not the topic or
    the table.
    """
    roots = Post.objects.filter(topic=topic, depth=0)
    heading_visible_replies = roots.exclude(status=Post.Status.VISIBLE).filter(
        Exists(Post.objects.filter(root=OuterRef("pk"), status=Post.Status.VISIBLE))
    )
    shown = Q(status=Post.Status.VISIBLE) | Q(pk__in=heading_visible_replies.values("pk"))
    if viewer.is_discussion_staff:
        shown |= ~Q(status=Post.Status.DELETED)
    elif viewer.is_authenticated:
        shown |= Q(author_id=viewer.pk) & ~Q(status=Post.Status.DELETED)
    roots = roots.filter(shown)
    if topic.opening_post_id:
        roots = roots.exclude(pk=topic.opening_post_id)
    return roots.order_by(*ROOT_ORDERING[sort])


def post_node(
    post: Post,
    *,
    topic: Topic,
    viewer: Viewer,
    author: Viewer,
    liked: set[int],
    reply_to: Post | None,
) -> PostNode:
    """What one viewer sees of one post; `author` is its author as the rules see them (costs
    no query when their roles were read with the page's)."""
    article_author_id = topic.article.author_id if topic.article else topic.author_id
    return PostNode(
        post=post,
        replying_to=reply_to.author if reply_to else None,
        is_moderator=author.is_discussion_staff,
        is_article_author=post.author_id == article_author_id,
        liked=post.pk in liked,
        can_edit=can_edit_post(viewer, post, author=author),
        can_delete=can_delete_post(viewer, post),
    )


def authors_as_viewers(
    authors: dict[int, User], roles: dict[int, frozenset[str]]
) -> dict[int, Viewer]:
    """The authors of a page of posts as the rules see them, by id, each made once, with the
    roles read for all of them in one query (`roles_by_user`)."""
    return {
        pk: Viewer.of(author, roles=roles.get(pk, frozenset())) for pk, author in authors.items()
    }


def _placeholder(post: Post) -> str:
    """What stands for a post the viewer may not see: its author deleted it, or it is not shown
    (held, refused or removed — which, is not the viewer's business)."""
    return "[deleted]" if post.status == Post.Status.DELETED else "[removed]"


def thread_trees(*, topic: Topic, order: list[int], viewer: Viewer) -> list[PostNode]:
    """The whole threads headed by the roots `order` names, in that order.

    Always the same queries, for a page of one comment as for thousands: the threads in one
    query ordered by path, their authors in another, their authors' roles, and for a logged-in
    viewer their likes. Each names the rows it wants by id, so that it reads them through an
    index however large the table.
    """
    if not order:
        return []
    posts = list(Post.objects.filter(Q(pk__in=order) | Q(root_id__in=order)).order_by("path"))
    # Their authors apart, each read once: a thousand comments have a few hundred authors,
    # and joined rows would make a User for every comment.
    author_ids = {post.author_id for post in posts}
    authors = {
        user.pk: user for user in User.objects.filter(pk__in=author_ids).only(*AUTHOR_FIELDS)
    }
    author_field = Post._meta.get_field("author")
    for post in posts:
        author_field.set_cached_value(post, authors[post.author_id])  # as prefetching does
    as_seen = authors_as_viewers(authors, roles_by_user(author_ids))
    liked: set[int] = set()
    if viewer.user is not None:
        liked = set(
            Reaction.objects.filter(
                user=viewer.user, post_id__in=[post.pk for post in posts]
            ).values_list("post_id", flat=True)
        )
    by_id: dict[int | None, Post] = {post.pk: post for post in posts}
    nodes: dict[int, PostNode] = {}
    for post in posts:
        reply_to = by_id.get(post.reply_to_id) if post.reply_to_id != post.parent_id else None
        node = post_node(
            post,
            topic=topic,
            viewer=viewer,
            author=as_seen[post.author_id],
            liked=liked,
            reply_to=reply_to,
        )
        nodes[post.pk] = node
        if post.parent_id in nodes:
            nodes[post.parent_id].children.append(node)
    for post in reversed(posts):  # children before parents: prune bottom-up
        node = nodes[post.pk]
        if not can_see_post(viewer, post):
            node.placeholder = _placeholder(post)
        if node.placeholder and not node.children and post.parent_id in nodes:
            nodes[post.parent_id].children.remove(node)
    return [
        nodes[pk]
        for pk in order
        if pk in nodes and not (nodes[pk].placeholder and not nodes[pk].children)
    ]


def post_get_for_viewer(*, pk: int, viewer: Viewer) -> Post:
    """A post the viewer may see, in a topic the viewer may read."""
    post = (
        Post.objects.select_related("topic__article", "topic__category", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None or not can_see_post(viewer, post):
        raise Http404("No such comment.")
    topic_get_for_viewer(pk=post.topic_id, viewer=viewer)
    return post


def posts_new_since(
    *, topic: Topic, viewer: Viewer, after_id: int, limit: int = 50
) -> list[PostNode]:
    """Posts added after `after_id` that the viewer may see, oldest first."""
    shown = Q(status=Post.Status.VISIBLE)
    if viewer.is_authenticated:
        shown |= Q(author_id=viewer.pk, status=Post.Status.PENDING)
    posts = (
        Post.objects.filter(topic=topic, pk__gt=after_id)
        .filter(shown)
        .select_related("author", "reply_to__author")
        .order_by("pk")
    )
    if topic.opening_post_id:
        posts = posts.exclude(pk=topic.opening_post_id)
    page = list(posts[:limit])
    roles = roles_by_user({post.author_id for post in page})
    as_seen = authors_as_viewers({post.author_id: post.author for post in page}, roles)
    return [
        post_node(
            post,
            topic=topic,
            viewer=viewer,
            author=as_seen[post.author_id],
            liked=set(),
            reply_to=post.reply_to if post.reply_to_id != post.parent_id else None,
        )
        for post in page
    ]


def public_topic_q(prefix: str = "") -> Q:
    """Topics anyone may read, as a filter on a relation path ending in a topic ("" for Topic,
    "topic__" for Post): forum topics whose opening post shows, and topics of live articles.
    For a topic in hand the same rule is forum.discussions.permissions.topic_is_public."""
    forum_topic = Q(**{f"{prefix}article__isnull": True}) & (
        Q(**{f"{prefix}opening_post__isnull": True})
        | Q(**{f"{prefix}opening_post__status": Post.Status.VISIBLE})
    )
    live_article = Q(
        **{
            f"{prefix}article__status": Article.Status.PUBLISHED,
            f"{prefix}article__publish_at__lte": timezone.now(),
        }
    )
    return forum_topic | live_article


def post_seen_q(viewer: Viewer, prefix: str = "") -> Q:
    """Posts the viewer may see, as a filter on a relation path ending in a post ("" for Post,
    "post__" for a row pointing at one): the rule of permissions.can_see_post."""
    status = f"{prefix}status"
    if viewer.is_discussion_staff:
        return ~Q(**{status: Post.Status.DELETED})
    seen = Q(**{status: Post.Status.VISIBLE})
    if viewer.is_authenticated:
        seen |= Q(**{f"{prefix}author_id": viewer.pk}) & ~Q(**{status: Post.Status.DELETED})
    return seen


def posts_public_by_author(*, author: User) -> QuerySet[Post]:
    """An author's visible posts in public topics, newest first: what their profile shows."""
    return (
        Post.objects.filter(author=author, status=Post.Status.VISIBLE)
        .filter(public_topic_q("topic__"))
        .select_related("topic__article")
        .order_by("-created_at", "-id")
    )


def post_on_first_page(*, post: Post, viewer: Viewer) -> bool:
    """Whether the post's thread shows on the first page of its comments, in default order."""
    first = thread_roots(topic=post.topic, viewer=viewer, sort=Sort.DEFAULT).values_list(
        "pk", flat=True
    )[: settings.FORUM_THREADS_PER_PAGE]
    return post.thread_id in set(first)
