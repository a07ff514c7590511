"""What the discussions hold about a person, in their data export (accounts.services.export):
their posts, whatever became of them, and their likes. Registered in DiscussionsConfig.ready()."""

from __future__ import annotations

from accounts.models import User
from accounts.services.export import export_time
from forum.discussions.models import Post, Reaction


def posts_export(user: User) -> list[dict[str, object]]:
    """Everything the user wrote, whatever became of it, oldest first, with its history."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic")
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": post.pk,
            "topic": post.topic.title,
            "in_reply_to": post.reply_to_id,
            "body": post.body,
            "status": post.status,
            "created_at": export_time(post.created_at),
            "edited_at": export_time(post.edited_at),
            "earlier_versions": [
                {"body": revision.body, "replaced_at": export_time(revision.created_at)}
                for revision in post.revisions.all()
            ],
        }
        for post in posts
    ]


def likes_export(user: User) -> list[dict[str, object]]:
    """The posts the user liked, oldest like first."""
    likes = Reaction.objects.filter(user=user).order_by("created_at", "id")
    return [
        {"post": like.post_id, "kind": like.kind, "created_at": export_time(like.created_at)}
        for like in likes
    ]
