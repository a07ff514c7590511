"""Who may do what in the discussions. `*_refusal` says why not (None when allowed), `can_*`
answers yes or no, `check_*` raises PermissionDenied with the reason."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.permissions import Refusal, posting_refusal, restriction_refusal
from accounts.viewer import Viewer
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Category, Post, Topic


def topic_is_public(topic: Topic) -> bool:
    """Whether anyone may read the topic: an article's while the article is live (its
    `is_live`, the rule of `Article.objects.live()` that articles/selectors.py serves the
    public by), a forum topic once its opening post shows. `public_topic_q` in
    forum/discussions/selectors.py is the same rule as a filter. Wants the topic's article and
    opening post loaded."""
    if topic.article is not None:
        return topic.article.is_live
    opening = topic.opening_post
    return opening is None or opening.status == Post.Status.VISIBLE


def topic_write_refusal(topic: Topic) -> Refusal | None:
    """Nobody writes into a discussion the public cannot see (comment, reply, like, watch,
    report), not even those who may read it there: editors previewing an article, moderators
    and the author of a topic held for review."""
    if topic_is_public(topic):
        return None
    article = topic.article
    if article is None:
        return Refusal("This topic is waiting for a moderator: nobody can post in it yet.")
    if article.status == article.Status.ARCHIVED:
        return Refusal("This article is archived: its discussion is closed.")
    return Refusal("Comments open when the article is published.")


def topic_reply_refusal(viewer: Viewer, topic: Topic) -> Refusal | None:
    if refusal := posting_refusal(viewer):
        return refusal
    if refusal := topic_write_refusal(topic):
        return refusal
    article = topic.article
    if article is not None and not article.comments_open:
        return Refusal("Comments are closed on this article.")
    if topic.is_closed:
        return Refusal("This discussion is closed to new comments.")
    return None


def check_can_reply_to_topic(viewer: Viewer, topic: Topic) -> None:
    if refusal := topic_reply_refusal(viewer, topic):
        raise PermissionDenied(refusal.message)


ARTICLE_TOPICS_ONLY = (
    "Topics in Articles come from publishing articles: start yours in another category."
)


def category_start_refusal(category: Category) -> Refusal | None:
    """Nobody starts a topic in Articles, not even staff: each of its topics is an article's
    discussion, made when the article is published (services/topics.py)."""
    if category.slug == ARTICLES_CATEGORY_SLUG:
        return Refusal(ARTICLE_TOPICS_ONLY)
    return None


def topic_start_refusal(viewer: Viewer, category: Category) -> Refusal | None:
    if refusal := category_start_refusal(category):
        return refusal
    if refusal := posting_refusal(viewer):
        return refusal
    if not category.is_open and not viewer.is_discussion_staff:
        return Refusal("Only moderators start topics in this category.")
    return None


def check_can_start_topic(viewer: Viewer, category: Category) -> None:
    if refusal := topic_start_refusal(viewer, category):
        raise PermissionDenied(refusal.message)


def can_see_post(viewer: Viewer, post: Post) -> bool:
    """Visible posts are public; held and refused ones only their author and moderators see."""
    if post.status == Post.Status.VISIBLE:
        return True
    if post.status == Post.Status.DELETED:
        return False
    return viewer.is_discussion_staff or (viewer.is_authenticated and post.author_id == viewer.pk)


def can_see_post_revisions(viewer: Viewer, post: Post) -> bool:
    """A comment's earlier versions show to whoever may see the comment, but a removed comment's
    only to moderators: what was taken down is not shown again, its history least of all."""
    if post.status == Post.Status.REMOVED:
        return viewer.is_discussion_staff
    return can_see_post(viewer, post)


def post_edit_refusal(
    viewer: Viewer, post: Post, *, author: Viewer | None = None
) -> Refusal | None:
    """Discussion staff edit any comment not deleted, at any age (an edit of another's is
    logged, shown as a moderator's and told to its author: forum/discussions/services/
    posting.py), but a moderator never edits an administrator's; authors edit their own within
    the window. `author` is the post's author with their roles, when the caller read them
    with others' (a page of comments); otherwise they are read if a moderator asks."""
    if viewer.is_discussion_staff and post.status != Post.Status.DELETED:
        if post.author_id == viewer.pk or viewer.is_administrator:
            return None
        if (author if author is not None else Viewer.of(post.author)).is_administrator:
            return Refusal("Moderators cannot edit an administrator's comment.")
        return None
    if not viewer.is_authenticated or post.author_id != viewer.pk:
        return Refusal("You can only edit your own comments.")
    if refusal := restriction_refusal(viewer):
        return refusal
    if post.status not in (Post.Status.VISIBLE, Post.Status.PENDING):
        return Refusal("This comment can no longer be edited.")
    window = timedelta(minutes=settings.FORUM_EDIT_WINDOW_MINUTES)
    if timezone.now() - post.created_at > window:
        return Refusal(
            f"Comments can be edited for {settings.FORUM_EDIT_WINDOW_MINUTES} minutes "
            "after posting."
        )
    return None


def can_edit_post(viewer: Viewer, post: Post, *, author: Viewer | None = None) -> bool:
    return post_edit_refusal(viewer, post, author=author) is None


def report_refusal(viewer: Viewer, post: Post) -> Refusal | None:
    """Whether a reader may report `post`: what the report page checks before it offers the
    form. The service asks again, on the locked rows."""
    if refusal := posting_refusal(viewer):
        return refusal
    if refusal := topic_write_refusal(post.topic):
        return refusal
    if post.author_id == viewer.pk:
        return Refusal(OWN_COMMENT_REPORTED)
    if post.status != Post.Status.VISIBLE:
        return Refusal(ALREADY_WITH_MODERATORS)
    return None


OWN_COMMENT_REPORTED = "You cannot report your own comment."
ALREADY_WITH_MODERATORS = "This comment is already with the moderators."


def check_can_edit_post(viewer: Viewer, post: Post) -> None:
    if refusal := post_edit_refusal(viewer, post):
        raise PermissionDenied(refusal.message)


def post_delete_refusal(viewer: Viewer, post: Post) -> Refusal | None:
    """Authors delete their own comments; moderators remove rather than delete."""
    if (
        viewer.is_authenticated
        and post.author_id == viewer.pk
        and post.status in (Post.Status.VISIBLE, Post.Status.PENDING)
    ):
        return None
    return Refusal("You can only delete your own comments.")


def can_delete_post(viewer: Viewer, post: Post) -> bool:
    return post_delete_refusal(viewer, post) is None


def check_can_delete_post(viewer: Viewer, post: Post) -> None:
    if refusal := post_delete_refusal(viewer, post):
        raise PermissionDenied(refusal.message)


def reaction_refusal(viewer: Viewer, post: Post) -> Refusal | None:
    if not viewer.is_authenticated:
        return Refusal("Log in to like comments.")
    if refusal := restriction_refusal(viewer):
        return refusal
    if refusal := topic_write_refusal(post.topic):
        return refusal
    if post.status != Post.Status.VISIBLE:
        return Refusal("Only visible comments can be liked.")
    if post.author_id == viewer.pk:
        return Refusal("You cannot like your own comment.")
    return None


def check_can_react(viewer: Viewer, post: Post) -> None:
    if refusal := reaction_refusal(viewer, post):
        raise PermissionDenied(refusal.message)


def topic_watch_refusal(viewer: Viewer, topic: Topic) -> Refusal | None:
    """Watching or muting a topic: for a logged-in reader, in a discussion the public sees.
    (Forgetting the choice is always allowed: it writes nothing into the discussion.)"""
    if not viewer.is_authenticated:
        return Refusal("Log in to watch discussions.")
    return topic_write_refusal(topic)


def check_can_watch_topic(viewer: Viewer, topic: Topic) -> None:
    if refusal := topic_watch_refusal(viewer, topic):
        raise PermissionDenied(refusal.message)
