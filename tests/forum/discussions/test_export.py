"""What the discussions add to a person's data export (forum/discussions/export.py); their
posts are pinned in tests/accounts/test_export.py."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.services.export import account_export
from forum.discussions.models import Topic
from forum.discussions.services.reactions import reaction_add, reaction_remove
from tests.factories import comment

pytestmark = pytest.mark.django_db


def test_account_export_holds_the_posts_the_user_likes(
    topic: Topic, reader: User, moderator: User
) -> None:
    liked, unliked = comment(topic, author=moderator), comment(topic, author=moderator)
    reaction_add(post=liked, user=reader)
    reaction_add(post=unliked, user=reader)
    reaction_remove(post=unliked, user=reader)

    likes = account_export(user=reader)["likes"]

    assert likes == [
        {
            "post": liked.pk,
            "kind": "like",
            "created_at": liked.reactions.get().created_at.isoformat(),
        }
    ]
    assert account_export(user=moderator)["likes"] == []
